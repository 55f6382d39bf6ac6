/// Rank-based link-prediction metrics over a set of (realistic) ranks.
public struct LinkPredictionMetrics: Sendable, Equatable, Codable {
    /// Number of ranked queries.
    public var count: Int
    /// Mean reciprocal rank.
    public var meanReciprocalRank: Double
    /// Mean rank.
    public var meanRank: Double
    /// Fraction of ranks ≤ 1, ≤ 3, ≤ 10.
    public var hitsAt1: Double
    public var hitsAt3: Double
    public var hitsAt10: Double

    /// Aggregates realistic ranks. An empty list gives zeros.
    public init<C: Collection>(ranks: C) where C.Element == FilteredRank {
        count = ranks.count
        var rr = 0.0, sum = 0.0, h1 = 0, h3 = 0, h10 = 0
        for r in ranks {
            let v = r.realistic
            rr += 1 / v
            sum += v
            if v <= 1 { h1 += 1 }
            if v <= 3 { h3 += 1 }
            if v <= 10 { h10 += 1 }
        }
        let n = Double(max(count, 1))
        meanReciprocalRank = rr / n
        meanRank = sum / n
        hitsAt1 = Double(h1) / n
        hitsAt3 = Double(h3) / n
        hitsAt10 = Double(h10) / n
    }
}

/// The outcome of a link-prediction evaluation: metrics over both sides and per side, and the
/// individual ranks (`headRanks[i]` / `tailRanks[i]` belong to the i-th evaluated triple).
public struct LinkPredictionReport: Sendable {
    public var headRanks: [FilteredRank]
    public var tailRanks: [FilteredRank]
    /// Both sides together (what papers and PyKEEN report as "both").
    public var both: LinkPredictionMetrics { LinkPredictionMetrics(ranks: headRanks + tailRanks) }
    /// Head prediction (h?, r, t).
    public var head: LinkPredictionMetrics { LinkPredictionMetrics(ranks: headRanks) }
    /// Tail prediction (h, r, t?).
    public var tail: LinkPredictionMetrics { LinkPredictionMetrics(ranks: tailRanks) }
}
