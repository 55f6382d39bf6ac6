/// One evaluated user's metrics (binary relevance, docs/evaluation.md definitions), per cut-off.
public struct UserRankingMetrics: Sendable, Equatable {
    /// The user as the evaluator indexes them (dense id, or position in the caller's user list).
    public var user: Int
    /// |T_u|: the user's test positives.
    public var testItems: Int
    /// The cut-offs, ascending; the arrays below follow them.
    public var cutoffs: [Int]
    public var recall: [Double]
    public var ndcg: [Double]
    public var hitRate: [Double]

    /// A row with all metrics 0.
    public init(user: Int, testItems: Int, cutoffs: [Int]) {
        self.user = user
        self.testItems = testItems
        self.cutoffs = cutoffs
        recall = [Double](repeating: 0, count: cutoffs.count)
        ndcg = recall
        hitRate = recall
    }

    /// The metric columns of ``UserMetricsTable`` in order: `recall@K`, `ndcg@K`, `hitrate@K` per cut-off.
    public static func columnNames(cutoffs: [Int]) -> [String] {
        cutoffs.flatMap { ["recall@\($0)", "ndcg@\($0)", "hitrate@\($0)"] }
    }

    /// This row's values in ``columnNames(cutoffs:)`` order.
    public var columnValues: [Double] {
        cutoffs.indices.flatMap { [recall[$0], ndcg[$0], hitRate[$0]] }
    }
}
