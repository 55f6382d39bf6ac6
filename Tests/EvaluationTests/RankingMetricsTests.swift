import Foundation
import Testing
@testable import Evaluation

@Suite struct RankingMetricsTests {
    let d2 = 1 / log2(3.0), d3 = 1 / log2(4.0), d4 = 1 / log2(5.0)

    @Test func ndcgHandComputed() {
        // Hits at ranks 1 and 3 of 4 relevant items, K = 5 → DCG = 1 + 1/log2(4) = 1.5;
        // IDCG over min(5, 4) = 4 hits = 1 + 1/log2 3 + 1/2 + 1/log2 5.
        let ranked: [Int32] = [7, 1, 9, 2, 3]
        let relevant: [Int32] = [4, 7, 8, 9]
        #expect(abs(RankingMetrics.dcg(ranked: ranked, relevant: relevant, k: 5) - 1.5) < 1e-12)
        let ideal = 1 + d2 + d3 + d4
        #expect(abs(RankingMetrics.ndcg(ranked: ranked, relevant: relevant, k: 5) - 1.5 / ideal) < 1e-12)
        #expect(RankingMetrics.recall(ranked: ranked, relevant: relevant, k: 5) == 0.5)
        #expect(RankingMetrics.hitRate(ranked: ranked, relevant: relevant, k: 5) == 1)
        // K = 2: only rank 1 counts; IDCG over min(2, 4) = 2 hits.
        #expect(abs(RankingMetrics.ndcg(ranked: ranked, relevant: relevant, k: 2) - 1 / (1 + d2)) < 1e-12)
        #expect(RankingMetrics.recall(ranked: ranked, relevant: relevant, k: 2) == 0.25)
    }

    @Test func idealDCGUsesMinOfKAndRelevantCount() {
        // One relevant item found at rank 1 with K = 10 is a perfect list: IDCG over min(10, 1) = 1 hit.
        #expect(RankingMetrics.ndcg(ranked: [5, 1, 2, 3, 4, 6, 7, 8, 9, 10], relevant: [5], k: 10) == 1)
        // 12 relevant, K = 10, all ten slots hits → 1, not 10 hits over an IDCG of 12.
        let relevant = (0..<12).map { Int32($0) }
        #expect(abs(RankingMetrics.ndcg(ranked: Array(relevant.prefix(10)), relevant: relevant, k: 10) - 1) < 1e-12)
        #expect(abs(RankingMetrics.recall(ranked: Array(relevant.prefix(10)), relevant: relevant, k: 10) - 10.0 / 12) < 1e-12)
        #expect(abs(RankingMetrics.idealDCG(relevantCount: 2, k: 10) - (1 + d2)) < 1e-12)
    }

    @Test func missesAndShortLists() {
        #expect(RankingMetrics.ndcg(ranked: [1, 2, 3], relevant: [9], k: 10) == 0)
        #expect(RankingMetrics.hitRate(ranked: [1, 2, 3], relevant: [9], k: 10) == 0)
        #expect(RankingMetrics.ndcg(ranked: [1], relevant: [], k: 10) == 0)
        // A hit beyond K does not count.
        #expect(RankingMetrics.recall(ranked: [1, 2, 3], relevant: [3], k: 2) == 0)
    }

    @Test func evaluatorAveragesOverUsersWithTestPositivesAndCountsCoverage() {
        // User 0: relevant {1}, list [1, 0] → NDCG 1, recall 1. User 1: no test items (skipped).
        // User 2: relevant {3, 2}, list [0, 2] → DCG = 1/log2 3, IDCG = 1 + 1/log2 3, recall 0.5.
        let evaluator = RankingEvaluator(testPositives: [[1], [], [3, 2, 2]], catalogueSize: 5, cutoffs: [2], coverageCutoff: 2, standardErrorCutoff: 2)
        let lists: [Int: [Int32]] = [0: [1, 0], 2: [0, 2]]
        let report = evaluator.evaluate { u, k in Array(lists[u]!.prefix(k)) }
        #expect(report.users == 2)
        let n2 = d2 / (1 + d2)
        #expect(abs(report.value(\.ndcg, at: 2)! - (1 + n2) / 2) < 1e-12)
        #expect(abs(report.value(\.recall, at: 2)! - 0.75) < 1e-12)
        #expect(report.value(\.hitRate, at: 2)! == 1)
        #expect(abs(report.coverage - 3.0 / 5) < 1e-12)  // items 0, 1, 2
        // s.e. of {1, n2}: sample std / √2 = |1 − n2| / √2 / √2 · √2 … = |1 − n2| / 2.
        #expect(abs(report.ndcgStandardError - abs(1 - n2) / 2) < 1e-12)
    }

    @Test func standardErrorHandComputed() {
        // {1, 2, 3, 4}: mean 2.5, sample variance 5/3, s.e. = √(5/3) / 2.
        #expect(abs(RankingEvaluator.standardError([1, 2, 3, 4]) - (5.0 / 3).squareRoot() / 2) < 1e-12)
        #expect(RankingEvaluator.standardError([3]) == 0)
    }
}
