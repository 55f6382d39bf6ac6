/// A cold-start recommender: ranks the catalogue for a user known only by attributes.
///
/// score(i | a) = (1 − β) · Σ_c P(c | a) · p̂(i | c) + β · pop(i), where P(c | a) is the exact
/// taste posterior from `inference`, p̂(i | c) the smoothed share of cluster-c training users who
/// liked item i, and pop(i) the share of all training users who did. The first term is the
/// expected preference for item i under the posterior.
public struct ColdStartModel<Inference: ColdStartTasteInference>: Sendable {
    public var inference: Inference
    /// p̂(i | c), row-major `tasteCount × itemCount`.
    public let preference: [Float]
    /// pop(i), `itemCount` values.
    public let popularity: [Float]
    /// β, the popularity blend weight in [0, 1].
    public let popularityWeight: Float
    private var scratch: [Float]

    public init(inference: Inference, preference: [Float], popularity: [Float], popularityWeight: Float) throws(ColdStartError) {
        guard !popularity.isEmpty, preference.count == inference.tasteCount * popularity.count else {
            throw .invalidNetwork(reason: "preference table has \(preference.count) values, expected \(inference.tasteCount) × \(popularity.count)")
        }
        guard (0...1).contains(popularityWeight) else {
            throw .invalidSetting(name: "popularity weight", value: "\(popularityWeight)", reason: "must lie in [0, 1]")
        }
        self.inference = inference
        self.preference = preference
        self.popularity = popularity
        self.popularityWeight = popularityWeight
        self.scratch = [Float](repeating: 0, count: popularity.count)
    }

    public var itemCount: Int { popularity.count }
    public var tasteCount: Int { inference.tasteCount }

    /// Writes every item's score for `evidence` into `out` (resized to `itemCount`) and returns
    /// the taste posterior it used.
    @discardableResult
    public mutating func scores(for evidence: [Int?], into out: inout [Float]) throws(ColdStartError) -> [Double] {
        let posterior = try inference.tastePosterior(evidence)
        Self.blend(posterior: posterior, preference: preference, popularity: popularity, weight: popularityWeight, into: &out)
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
