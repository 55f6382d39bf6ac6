import Testing
@testable import Evaluation

@Suite struct FilteredRankTests {
    func rank(_ scores: [Float], target: Int, filtered: [Int32] = []) -> FilteredRank {
        scores.withUnsafeBufferPointer { FilteredRank.compute(scores: $0, target: target, filtered: filtered) }
    }

    @Test func tiesCountAtTheMeanOfOptimisticAndPessimistic() {
        // target 0 scores 0.5: one better (0.9), two others tie → optimistic 2, pessimistic 4, realistic 3.
        let r = rank([0.5, 0.9, 0.5, 0.1, 0.5], target: 0)
        #expect(r == FilteredRank(optimistic: 2, pessimistic: 4))
        #expect(r.realistic == 3)
        // Unique best / worst.
        #expect(rank([3, 1, 2], target: 0).realistic == 1)
        #expect(rank([3, 1, 2], target: 1).realistic == 3)
        // All equal among n = 4: (1 + 4) / 2.
        #expect(rank([7, 7, 7, 7], target: 2).realistic == 2.5)
    }

    @Test func filteringRemovesOtherKnownAnswersButNeverTheTarget() {
        // Filter entity 1 (better) and 2 (tie): optimistic 1, pessimistic 2 → 1.5.
        #expect(rank([0.5, 0.9, 0.5, 0.1, 0.5], target: 0, filtered: [1, 2]) == FilteredRank(optimistic: 1, pessimistic: 2))
        // The target itself in the filter list (it is a known triple) changes nothing.
        #expect(rank([0.5, 0.9, 0.5, 0.1, 0.5], target: 0, filtered: [0]) == rank([0.5, 0.9, 0.5, 0.1, 0.5], target: 0))
        // Filtering a worse candidate does not change the rank.
        #expect(rank([0.5, 0.9, 0.5, 0.1, 0.5], target: 0, filtered: [3]).realistic == 3)
    }

    @Test func nanTargetRanksLast() {
        let r = rank([.nan, 1, 2, 3], target: 0, filtered: [3])
        #expect(r.realistic == 3)  // 4 candidates minus one filtered
    }

    @Test func simdCountsAgreeWithAPlainLoop() {
        var state: UInt32 = 12345
        for n in [1, 7, 8, 9, 19, 64, 101] {
            let scores: [Float] = (0..<n).map { _ in
                state = state &* 1_664_525 &+ 1_013_904_223
                return Float(state >> 28)  // 16 values → many ties
            }
            for target in [0, n / 2, n - 1] {
                let s = scores[target]
                let greater = scores.filter { $0 > s }.count, equal = scores.filter { $0 == s }.count
                #expect(rank(scores, target: target) == FilteredRank(optimistic: Double(1 + greater), pessimistic: Double(greater + equal)))
            }
        }
    }

    @Test func metricsFromHandComputedRanks() {
        let ranks = [FilteredRank(optimistic: 1, pessimistic: 1), FilteredRank(optimistic: 1, pessimistic: 2),
                     FilteredRank(optimistic: 4, pessimistic: 4), FilteredRank(optimistic: 10, pessimistic: 12)]
        // realistic: 1, 1.5, 4, 11
        let m = LinkPredictionMetrics(ranks: ranks)
        #expect(m.count == 4)
        let expectedMRR: Double = (1.0 + 1.0 / 1.5 + 0.25 + 1.0 / 11.0) / 4.0
        #expect(abs(m.meanReciprocalRank - expectedMRR) < 1e-12)
        #expect(m.meanRank == 17.5 / 4)  // (1 + 1.5 + 4 + 11) / 4
        #expect(m.hitsAt1 == 0.25)
        #expect(m.hitsAt3 == 0.5)
        #expect(m.hitsAt10 == 0.75)
    }
}
