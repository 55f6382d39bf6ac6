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

    /// One item's score for some evidence, taken apart into its two parts: the attribute cells
    /// of the neighbour kernel (weight γ) and the taste network (weight 1 − γ).
    public struct ScoreBreakdown: Sendable, Equatable {
        /// The item's score: γ · ``kernelScore`` + (1 − γ) · ``tasteScore`` (in double precision).
        public var score: Double
        /// γ, the neighbour kernel's weight.
        public var neighbourWeight: Double
        /// kernel(i | e) (0 without a kernel).
        public var kernelScore: Double
        /// (1 − β) Σ_t P(t | e) · p̂(i | t) + β · pop(i): the taste network's part (0 when γ = 1:
        /// not computed, it does not count).
        public var tasteScore: Double
        /// (1 − γ) · tasteScore / score: the share of the score the taste network accounts for.
        public var tasteShare: Double
        /// The kernel's cells that contribute (p̂(i | c) > 0), largest contribution first, at most the
        /// number asked for. Their
        /// `share` is of the model's score, γ · P(c | e) · p̂(i | c) / score, so the shares of all
        /// cells plus ``tasteShare`` sum to 1 (with γ = 1: P(c | e) · p̂(i | c) / kernel(i | e)).
        public var cells: [ColdStartAttributeKernel.CellContribution]
        /// Number of cells with a positive posterior (those listed and the rest).
        public var possibleCells: Int
        /// No cell is possible under the evidence (exact-match kernel without a match): the kernel
        /// score is the weighted popularity, which no cell explains.
        public var kernelFellBackToPopularity: Bool
        /// The item's overall popularity, in the unit of p̂(i | c) (the kernel's weighted share of
        /// all training users who liked it; without a kernel, the taste network's pop(i)).
        public var itemPopularity: Double
    }

    /// `item`'s score for `evidence` taken apart (see ``ScoreBreakdown``), with the `cells` largest
    /// cell contributions.
    public mutating func breakdown(_ evidence: [Int?], item: Int, cells limit: Int) throws(ColdStartError) -> ScoreBreakdown {
        try breakdowns(evidence, items: [item], cells: limit)[0]
    }

    /// Each of `items`' score for `evidence` taken apart (see ``ScoreBreakdown``), with the `cells`
    /// largest cell contributions; the posteriors are computed once for all items.
    public mutating func breakdowns(_ evidence: [Int?], items: [Int], cells limit: Int) throws(ColdStartError) -> [ScoreBreakdown] {
        for item in items where !(0..<itemCount).contains(item) {
            throw .invalidSetting(name: "item", value: "\(item)", reason: "out of range 0..<\(itemCount)")
        }
        let g = neighbours == nil ? 0 : Double(neighbourWeight)
        let tastePosterior = g < 1 ? try inference.tastePosterior(evidence) : []
        // nil: no cell is possible under the evidence (the kernel's score is then the weighted popularity).
        var cellPosterior: [Double]?
        if let neighbours, g > 0 {
            do { cellPosterior = try neighbours.cellPosterior(evidence) } catch .impossibleEvidence { cellPosterior = nil }
        }
        let n = itemCount
        let beta = Double(popularityWeight)
        return items.map { item in
            var taste = 0.0
            if g < 1 {
                var expected = 0.0
                for (t, p) in tastePosterior.enumerated() where p > 0 { expected += p * Double(preference[t * n + item]) }
                taste = (1 - beta) * expected + beta * Double(popularity[item])
            }
            var listed: [ColdStartAttributeKernel.CellContribution] = []
            var possible = 0
            var kernelScore = 0.0
            if let neighbours, g > 0 {
                if let cellPosterior {
                    (listed, kernelScore, possible) = neighbours.topCellContributions(item: item, posterior: cellPosterior, limit: max(0, limit))
                } else {
                    kernelScore = Double(neighbours.popularity[item])
                }
            }
            let score = g * kernelScore + (1 - g) * taste
            for k in listed.indices { listed[k].share = score > 0 ? g * listed[k].contribution / score : 0 }
            return ScoreBreakdown(
                score: score, neighbourWeight: g, kernelScore: kernelScore, tasteScore: taste,
                tasteShare: score > 0 ? (1 - g) * taste / score : 0, cells: listed, possibleCells: possible,
                kernelFellBackToPopularity: neighbours != nil && g > 0 && cellPosterior == nil,
                itemPopularity: Double(neighbours?.popularity[item] ?? popularity[item]))
        }
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
