/// Latent taste clusters of training users: spherical k-means (cosine similarity) over their
/// L2-normalised profiles, seeded k-means++ initialisation, deterministic for a seed.
public struct ColdStartTasteClusters: Sendable, Equatable {
    /// Number of clusters.
    public let count: Int
    /// Profile dimension.
    public let dimension: Int
    /// Unit-length centroids, row-major `count × dimension`.
    public let centroids: [Float]
    /// Cluster of each profile row, in input order.
    public let assignments: [Int32]
    /// Lloyd iterations run until the assignments stopped changing (or the cap).
    public let iterations: Int

    /// Clusters `rows` profiles of `dimension` values each (row-major in `profiles`).
    ///
    /// Rows are normalised to unit length (all-zero rows stay zero and join cluster 0 unless a
    /// better one exists). Ties go to the lower cluster index, so the result depends only on the
    /// data, `clusters` and `seed`.
    public static func fit(profiles: [Float], rows: Int, dimension: Int, clusters: Int, seed: UInt64,
                           maxIterations: Int = 100) throws(ColdStartError) -> ColdStartTasteClusters {
        guard clusters >= 1 else { throw .invalidSetting(name: "taste clusters", value: "\(clusters)", reason: "must be at least 1") }
        guard rows >= clusters else {
            throw .invalidSetting(name: "taste clusters", value: "\(clusters)", reason: "more clusters than the \(rows) training users")
        }
        precondition(profiles.count == rows * dimension)
        var x = profiles
        for r in 0..<rows {
            var s: Float = 0
            for d in 0..<dimension { s += x[r * dimension + d] * x[r * dimension + d] }
            if s > 0 {
                let inv = 1 / s.squareRoot()
                for d in 0..<dimension { x[r * dimension + d] *= inv }
            }
        }
        var rng = ColdStartSplitMix64(seed: seed)
        // k-means++ on cosine distance 1 - <x, c>.
        var centroids = [Float](repeating: 0, count: clusters * dimension)
        var nearest = [Float](repeating: .infinity, count: rows)
        var first = Int(rng.next() % UInt64(rows))
        for c in 0..<clusters {
            if c > 0 {
                var total: Double = 0
                for r in 0..<rows { total += Double(nearest[r]) }
                if total <= 0 {
                    first = Int(rng.next() % UInt64(rows))
                } else {
                    var target = rng.nextUnit() * total
                    first = rows - 1
                    for r in 0..<rows {
                        target -= Double(nearest[r])
                        if target < 0 { first = r; break }
                    }
                }
            }
            for d in 0..<dimension { centroids[c * dimension + d] = x[first * dimension + d] }
            for r in 0..<rows {
                var dot: Float = 0
                for d in 0..<dimension { dot += x[r * dimension + d] * centroids[c * dimension + d] }
                nearest[r] = min(nearest[r], max(0, 1 - dot))
            }
        }
        var assignments = [Int32](repeating: -1, count: rows)
        var iteration = 0
        var sums = [Float](repeating: 0, count: clusters * dimension)
        while iteration < maxIterations {
            iteration += 1
            var changed = false
            for r in 0..<rows {
                var best: Int32 = 0
                var bestDot = -Float.infinity
                for c in 0..<clusters {
                    var dot: Float = 0
                    for d in 0..<dimension { dot += x[r * dimension + d] * centroids[c * dimension + d] }
                    if dot > bestDot { bestDot = dot; best = Int32(c) }
                }
                if assignments[r] != best { assignments[r] = best; changed = true }
            }
            if !changed { break }
            for i in sums.indices { sums[i] = 0 }
            for r in 0..<rows {
                let c = Int(assignments[r])
                for d in 0..<dimension { sums[c * dimension + d] += x[r * dimension + d] }
            }
            for c in 0..<clusters {
                var s: Float = 0
                for d in 0..<dimension { s += sums[c * dimension + d] * sums[c * dimension + d] }
                // An empty (or all-zero) cluster keeps its centroid.
                guard s > 0 else { continue }
                let inv = 1 / s.squareRoot()
                for d in 0..<dimension { centroids[c * dimension + d] = sums[c * dimension + d] * inv }
            }
        }
        return ColdStartTasteClusters(count: clusters, dimension: dimension, centroids: centroids,
                                      assignments: assignments, iterations: iteration)
    }

    /// Number of profiles in each cluster.
    public var sizes: [Int] {
        var n = [Int](repeating: 0, count: count)
        for a in assignments { n[Int(a)] += 1 }
        return n
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator so clustering is reproducible.
struct ColdStartSplitMix64: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
