import Evaluation

/// The cold-start protocol of docs/evaluation.md: each held-out user is ranked over the whole catalogue from
/// attributes alone and judged against all of their positives; metrics from `RankingEvaluator`.
public struct ColdStartEvaluation: Sendable {
    public let dataset: ColdStartDataset
    /// Held-out users (dense ids) with at least one positive.
    public let users: [Int32]
    public let evaluator: RankingEvaluator

    public init(_ dataset: ColdStartDataset, testUsers: [Int32], cutoffs: [Int] = [10]) {
        self.dataset = dataset
        users = testUsers.filter { !dataset.positives[Int($0)].isEmpty }
        evaluator = RankingEvaluator(testPositives: users.map { dataset.positives[Int($0)] },
                                     catalogueSize: dataset.itemCount, cutoffs: cutoffs)
    }

    /// The evidence the protocol gives for user `u` when only the attributes with `known[a]` are revealed.
    public func evidence(user u: Int32, known: [Bool]) -> [Int?] {
        dataset.attributes[Int(u)].enumerated().map { a, s in known[a] ? s : nil }
    }

    /// Runs the protocol: `rank(evidence, k)` returns the top-k item ids for a user with that evidence.
    public func run(known: [Bool], rank: (_ evidence: [Int?], _ k: Int) throws(ColdStartError) -> [Int32]) throws(ColdStartError) -> RankingReport {
        try runDetailed(known: known, rank: rank).report
    }

    /// ``run(known:rank:)`` with each held-out user's metrics; a row's `user` is the dataset's dense
    /// user id.
    public func runDetailed(known: [Bool], rank: (_ evidence: [Int?], _ k: Int) throws(ColdStartError) -> [Int32]) throws(ColdStartError)
        -> (report: RankingReport, perUser: [UserRankingMetrics]) {
        var lists: [[Int32]] = []
        lists.reserveCapacity(users.count)
        for u in users { lists.append(try rank(evidence(user: u, known: known), evaluator.maximumCutoff)) }
        var (report, rows) = evaluator.detailedReport(users: Array(users.indices), lists: lists)
        for r in rows.indices { rows[r].user = Int(users[rows[r].user]) }
        return (report, rows)
    }
}
