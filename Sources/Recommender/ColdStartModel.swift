/// A cold-start recommender: ranks the catalogue for a user known only by attributes.
///
/// score(i | a) = (1 − γ) · [(1 − β) · Σ_c P(c | a) · p̂(i | c) + β · pop(i)] + γ · kernel(i | a),
/// where P(c | a) is the exact taste posterior from `inference`, p̂(i | c) the smoothed share of
/// cluster-c training users who liked item i, pop(i) the share of all training users who did, and
/// kernel(i | a) the attribute-similarity-weighted share of ``ColdStartAttributeKernel`` (γ = 0
/// without one). The first term is the expected preference for item i under the posterior.
public struct ColdStartModel<Inference: ColdStartTasteInference>: Sendable {
    public var inference: Inference
    /// p̂(i | c), row-major `tasteCount × itemCount`.
    public let preference: [Float]
    /// pop(i), `itemCount` values.
    public let popularity: [Float]
    /// β, the popularity blend weight in [0, 1].
    public let popularityWeight: Float
    /// The attribute-similarity neighbours, nil for none.
    public let neighbours: ColdStartAttributeKernel?
    /// γ, the weight of the neighbours' score in [0, 1] (0 without `neighbours`).
    public let neighbourWeight: Float
    private var scratch: [Float]
    private var neighbourScratch: [Float]

    public init(inference: Inference, preference: [Float], popularity: [Float], popularityWeight: Float,
                neighbours: ColdStartAttributeKernel? = nil, neighbourWeight: Float = 0) throws(ColdStartError) {
        guard !popularity.isEmpty, preference.count == inference.tasteCount * popularity.count else {
            throw .invalidNetwork(reason: "preference table has \(preference.count) values, expected \(inference.tasteCount) × \(popularity.count)")
        }
        guard (0...1).contains(popularityWeight) else {
            throw .invalidSetting(name: "popularity weight", value: "\(popularityWeight)", reason: "must lie in [0, 1]")
        }
        guard (0...1).contains(neighbourWeight), neighbourWeight == 0 || neighbours != nil else {
            throw .invalidSetting(name: "neighbour weight", value: "\(neighbourWeight)", reason: "must lie in [0, 1], and be 0 without a neighbour kernel")
        }
        if let neighbours, neighbours.itemCount != popularity.count {
            throw .invalidNetwork(reason: "neighbour kernel has \(neighbours.itemCount) items, the item tables \(popularity.count)")
        }
        self.inference = inference
        self.preference = preference
        self.popularity = popularity
        self.popularityWeight = popularityWeight
        self.neighbours = neighbours
        self.neighbourWeight = neighbourWeight
        self.scratch = [Float](repeating: 0, count: popularity.count)
        self.neighbourScratch = []
    }

    public var itemCount: Int { popularity.count }
    public var tasteCount: Int { inference.tasteCount }

    /// Writes every item's score for `evidence` into `out` (resized to `itemCount`) and returns
    /// the taste posterior it used.
    @discardableResult
    public mutating func scores(for evidence: [Int?], into out: inout [Float]) throws(ColdStartError) -> [Double] {
        let posterior = try inference.tastePosterior(evidence)
        guard let neighbours, neighbourWeight > 0 else {
            Self.blend(posterior: posterior, preference: preference, popularity: popularity, weight: popularityWeight, into: &out)
            return posterior
        }
        var kernel = neighbourScratch
        neighbourScratch = []
        defer { neighbourScratch = kernel }
        try neighbours.scores(for: evidence, into: &kernel)
        let g = neighbourWeight
        if g < 1 {
            Self.blend(posterior: posterior, preference: preference, popularity: popularity, weight: popularityWeight, into: &out)
        } else if out.count != itemCount {
            out = [Float](repeating: 0, count: itemCount)
        }
        out.withUnsafeMutableBufferPointer { o in
            kernel.withUnsafeBufferPointer { k in
                if g < 1 {
                    for i in 0..<o.count { o[i] = (1 - g) * o[i] + g * k[i] }
                } else {
                    for i in 0..<o.count { o[i] = k[i] }
                }
            }
        }
        return posterior
    }

    /// The `k` best items for `evidence`, best first (ties toward the smaller item id).
    public mutating func recommend(_ evidence: [Int?], k: Int) throws(ColdStartError) -> [ScoredItem] {
        var buffer = scratch
        scratch = []
        defer { scratch = buffer }
        try scores(for: evidence, into: &buffer)
        return buffer.withUnsafeBufferPointer { TopKSelector.select($0, k: k) }
    }

    /// out[i] = (1 − w) Σ_c posterior[c] · preference[c, i] + w · popularity[i].
    public static func blend(posterior: [Double], preference: [Float], popularity: [Float], weight: Float, into out: inout [Float]) {
        let n = popularity.count
        if out.count != n { out = [Float](repeating: 0, count: n) }
        out.withUnsafeMutableBufferPointer { o in
            popularity.withUnsafeBufferPointer { pop in
                for i in 0..<n { o[i] = weight * pop[i] }
            }
            preference.withUnsafeBufferPointer { pref in
                for (c, p) in posterior.enumerated() where p > 0 {
                    let w = (1 - weight) * Float(p)
                    let row = pref.baseAddress! + c * n
                    for i in 0..<n { o[i] += w * row[i] }
                }
            }
        }
    }
}
