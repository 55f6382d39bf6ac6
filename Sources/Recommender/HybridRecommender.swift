/// The trained warm ranker: one dense item × item score matrix `M` (the autoencoder weights blended
/// with the propagation walk), so a user's scores are the sum of the rows of their training items —
/// a few dozen SIMD row additions over the catalogue — followed by a bounded-heap top-k.
public final class HybridRecommender: Sendable {
    public let itemCount: Int
    /// Row stride of `matrix` in floats (itemCount rounded up to a multiple of 8; padding is zero).
    public let stride: Int
    /// Row-major `itemCount × stride` scores, read-only after construction.
    public let matrix: [Float]
    /// The training positives (the items a user is credited with, and which are excluded).
    public let interactions: InteractionMatrix
    /// Score of each item for a user without training items (item popularity), scaled like `M`.
    public let fallback: [Float]

    /// - Parameter weights: row-major `itemCount²` item → item scores.
    public init(weights: [Double], interactions: InteractionMatrix) {
        let n = interactions.itemCount
        precondition(weights.count == n * n)
        itemCount = n
        stride = (n + 7) & ~7
        var m = [Float](repeating: 0, count: n * stride)
        for i in 0..<n { for j in 0..<n { m[i * stride + j] = Float(weights[i * n + j]) } }
        matrix = m
        self.interactions = interactions
        fallback = (0..<n).map { Float(interactions.degree(item: $0)) }
    }

    /// Writes the user's score for every item into `scores` (`itemCount` floats); items among the
    /// user's training positives get −∞ when `excludeSeen`.
    public func scores(user: Int, excludeSeen: Bool, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(scores.count >= itemCount)
        let items = user < interactions.userCount ? interactions.items(of: user) : []
        let out = scores.baseAddress!
        if items.isEmpty {
            for j in 0..<itemCount { out[j] = fallback[j] }
        } else {
            matrix.withUnsafeBufferPointer { mb in
                let base = mb.baseAddress!
                let chunks = stride / 8
                withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: chunks) { acc in
                    let a = acc.baseAddress!
                    for c in 0..<chunks { a[c] = .zero }
                    for i in items {
                        let row = UnsafeRawPointer(base + Int(i) &* stride)
                        for c in 0..<chunks { a[c] += row.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self) }
                    }
                    let full = itemCount / 8
                    for c in 0..<full { UnsafeMutableRawPointer(out + c * 8).storeBytes(of: a[c], as: SIMD8<Float>.self) }
                    if full < chunks { for j in (full * 8)..<itemCount { out[j] = a[full][j - full * 8] } }
                }
            }
        }
        if excludeSeen { for i in items { out[Int(i)] = -.infinity } }
    }

    /// The user's top-`k` items, best first.
    public func recommend(user: Int, k: Int, excludeSeen: Bool = true) -> [ScoredItem] {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: itemCount) { buf in
            scores(user: user, excludeSeen: excludeSeen, into: buf)
            return TopKSelector.select(UnsafeBufferPointer(buf), k: k)
        }
    }
}
