/// The aggregate of a top-K recommendation evaluation (docs/evaluation.md, recommendation protocol).
public struct RankingReport: Sendable, Codable, Equatable {
    /// Users evaluated (those with ≥ 1 test positive).
    public var users: Int
    /// Cut-offs, ascending.
    public var cutoffs: [Int]
    /// Mean Recall@K per cut-off (same order as `cutoffs`).
    public var recall: [Double]
    /// Mean NDCG@K per cut-off.
    public var ndcg: [Double]
    /// Mean HitRate@K per cut-off.
    public var hitRate: [Double]
    /// Distinct items in all top-`coverageCutoff` lists / catalogue size.
    public var coverage: Double
    /// The list length coverage is measured at (10 by the protocol).
    public var coverageCutoff: Int
    /// Standard error of the mean of per-user NDCG at `standardErrorCutoff` (sample std / √n).
    public var ndcgStandardError: Double
    /// The cut-off the standard error is measured at (10 by the protocol).
    public var standardErrorCutoff: Int

    /// The value at cut-off `k` of one of the per-cut-off arrays, nil when `k` was not evaluated.
    public func value(_ metric: KeyPath<RankingReport, [Double]>, at k: Int) -> Double? {
        cutoffs.firstIndex(of: k).map { self[keyPath: metric][$0] }
    }
}

/// Evaluates a recommender under the warm protocol of docs/evaluation.md: every user with at least one test
/// positive asks for a ranked list (which must already exclude that user's training positives and
/// may cover the whole catalogue), and Recall@K, NDCG@K (IDCG over min(K, |T_u|)), HitRate@K,
/// Coverage@10 and the standard error of NDCG@10 are computed with binary relevance.
public struct RankingEvaluator: Sendable {
    /// `testPositives[u]`: user u's test items, sorted, unique (empty: u is not evaluated).
    public let testPositives: [[Int32]]
    /// Catalogue size (the coverage denominator).
    public let catalogueSize: Int
    /// Cut-offs, ascending, unique.
    public let cutoffs: [Int]
    public let coverageCutoff: Int
    public let standardErrorCutoff: Int

    /// - Parameters:
    ///   - testPositives: per user (dense ids) the test positives, any order; duplicates removed here.
    ///   - catalogueSize: number of rankable items (1,682 for MovieLens-100K).
    ///   - cutoffs: the K values (e.g. [10, 20]).
    public init(testPositives: [[Int32]], catalogueSize: Int, cutoffs: [Int], coverageCutoff: Int = 10, standardErrorCutoff: Int = 10) {
        precondition(catalogueSize > 0 && !cutoffs.isEmpty && cutoffs.allSatisfy { $0 > 0 })
        self.testPositives = testPositives.map { Array(Set($0)).sorted() }
        self.catalogueSize = catalogueSize
        self.cutoffs = Array(Set(cutoffs + [coverageCutoff, standardErrorCutoff])).sorted()
        self.coverageCutoff = coverageCutoff
        self.standardErrorCutoff = standardErrorCutoff
    }

    /// The longest list the evaluator reads.
    public var maximumCutoff: Int { cutoffs.last! }

    /// Dense ids of the users that are evaluated, ascending.
    public var evaluatedUsers: [Int] { testPositives.indices.filter { !testPositives[$0].isEmpty } }

    /// Runs the evaluation. `rank(user, k)` returns the user's top-`k` item ids, best first.
    public func evaluate(rank: (Int, Int) -> [Int32]) -> RankingReport {
        evaluateDetailed(rank: rank).report
    }

    /// Aggregates precomputed ranked lists (`lists[i]` belongs to `users[i]`).
    public func report(users: [Int], lists: [[Int32]]) -> RankingReport {
        detailedReport(users: users, lists: lists).report
    }

    /// ``evaluate(rank:)`` with each evaluated user's metrics too (for paired comparisons).
    public func evaluateDetailed(rank: (Int, Int) -> [Int32]) -> (report: RankingReport, perUser: [UserRankingMetrics]) {
        let users = evaluatedUsers
        return detailedReport(users: users, lists: users.map { rank($0, maximumCutoff) })
    }

    /// ``report(users:lists:)`` with each user's metrics, in the order of `users`; the report's
    /// means are the means of these rows.
    public func detailedReport(users: [Int], lists: [[Int32]]) -> (report: RankingReport, perUser: [UserRankingMetrics]) {
        precondition(users.count == lists.count)
        var recall = [Double](repeating: 0, count: cutoffs.count)
        var ndcg = recall, hitRate = recall
        var seen = [Bool](repeating: false, count: catalogueSize)
        var distinct = 0
        var seNDCG: [Double] = []
        seNDCG.reserveCapacity(users.count)
        var rows: [UserRankingMetrics] = []
        rows.reserveCapacity(users.count)
        for (u, list) in zip(users, lists) {
            let relevant = testPositives[u]
            var row = UserRankingMetrics(user: u, testItems: relevant.count, cutoffs: cutoffs)
            for (c, k) in cutoffs.enumerated() {
                row.recall[c] = RankingMetrics.recall(ranked: list, relevant: relevant, k: k)
                row.ndcg[c] = RankingMetrics.ndcg(ranked: list, relevant: relevant, k: k)
                row.hitRate[c] = RankingMetrics.hitRate(ranked: list, relevant: relevant, k: k)
                recall[c] += row.recall[c]
                ndcg[c] += row.ndcg[c]
                hitRate[c] += row.hitRate[c]
                if k == standardErrorCutoff { seNDCG.append(row.ndcg[c]) }
            }
            rows.append(row)
            for item in list.prefix(coverageCutoff) where Int(item) < catalogueSize && !seen[Int(item)] {
                seen[Int(item)] = true
                distinct += 1
            }
        }
        let n = Double(max(users.count, 1))
        let report = RankingReport(
            users: users.count, cutoffs: cutoffs,
            recall: recall.map { $0 / n }, ndcg: ndcg.map { $0 / n }, hitRate: hitRate.map { $0 / n },
            coverage: Double(distinct) / Double(catalogueSize), coverageCutoff: coverageCutoff,
            ndcgStandardError: Self.standardError(seNDCG), standardErrorCutoff: standardErrorCutoff)
        return (report, rows)
    }

    /// Sample standard deviation / √n (0 for fewer than two values).
    public static func standardError(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (ss / Double(xs.count - 1)).squareRoot() / Double(xs.count).squareRoot()
    }
}
