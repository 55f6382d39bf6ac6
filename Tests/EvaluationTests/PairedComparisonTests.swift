import Testing
@testable import Evaluation

@Suite struct PairedComparisonTests {
    @Test func handComputedDifferenceAndStandardError() {
        // d = [.5, 0, −.2, 0]: mean .075, sample variance (.425² + .075² + .275² + .075²)/3 = .2675/3, s.e. √(.2675/3) / 2.
        let c = PairedComparison(a: [1, 0.5, 0.2, 0], b: [0.5, 0.5, 0.4, 0])
        #expect(c.users == 4 && c.wins == 1 && c.losses == 1 && c.ties == 2)
        #expect(abs(c.meanA - 0.425) < 1e-15 && abs(c.meanB - 0.35) < 1e-15)
        #expect(abs(c.meanDifference - 0.075) < 1e-15)
        #expect(abs(c.standardError - (0.2675 / 3).squareRoot() / 2) < 1e-15)
        #expect(abs(c.t - 0.075 / ((0.2675 / 3).squareRoot() / 2)) < 1e-12)
        #expect(abs(c.interval95.lowerBound - (0.075 - 1.96 * (0.2675 / 3).squareRoot() / 2)) < 1e-15)
        #expect(c.signTestP == 1)
    }

    @Test func exactSignTest() {
        // 10 wins, 0 losses: 2·2⁻¹⁰; 9 wins, 1 loss: 2·(1 + 10)·2⁻¹⁰; ties do not count.
        let allWins = PairedComparison(a: Array(repeating: 1, count: 10) + [0.5], b: Array(repeating: 0, count: 10) + [0.5])
        #expect(allWins.ties == 1)
        #expect(abs(allWins.signTestP - 2.0 / 1024) < 1e-15)
        let oneLoss = PairedComparison(a: Array(repeating: 1, count: 9) + [0], b: Array(repeating: 0, count: 9) + [1])
        #expect(abs(oneLoss.signTestP - 22.0 / 1024) < 1e-14)
        // Symmetric in A and B.
        #expect(PairedComparison(a: Array(repeating: 0, count: 9) + [1], b: Array(repeating: 1, count: 9) + [0]).signTestP == oneLoss.signTestP)
        // Large n stays finite and in (0, 1]: 520 vs 480 is p ≈ 0.22.
        let big = PairedComparison(a: Array(repeating: 1, count: 520) + Array(repeating: 0, count: 480),
                                   b: Array(repeating: 0, count: 520) + Array(repeating: 1, count: 480))
        #expect(big.signTestP > 0.2 && big.signTestP < 0.25)
    }

    @Test func constantDifferencesHaveNoStandardError() {
        let c = PairedComparison(a: [0.75, 0.5], b: [0.5, 0.25])  // exact in binary
        #expect(c.standardError == 0 && c.t == .infinity)
        #expect(PairedComparison(a: [0.3], b: [0.3]).t == 0)
    }

    @Test func tablesArePairedByUserNotByRow() throws {
        let a = UserMetricsTable(metrics: ["ndcg@10"], users: ["u1", "u2", "u3"], testItems: [1, 2, 3], values: [[1], [0.5], [0]])
        let b = UserMetricsTable(metrics: ["ndcg@10"], users: ["u3", "u1", "u2"], testItems: [3, 1, 2], values: [[0], [0.5], [0.5]])
        let c = try PairedComparison(metric: "ndcg@10", a: a, aPath: "a", b: b, bPath: "b")
        #expect(c.wins == 1 && c.losses == 0 && c.ties == 2)
        #expect(abs(c.meanDifference - 0.5 / 3) < 1e-15)
    }

    @Test func differentUsersOrMissingMetricAreErrors() {
        let a = UserMetricsTable(metrics: ["ndcg@10"], users: ["u1", "u2"], testItems: [1, 1], values: [[1], [0]])
        let b = UserMetricsTable(metrics: ["ndcg@10"], users: ["u1", "u9"], testItems: [1, 1], values: [[1], [0]])
        #expect(throws: PairedComparisonError.differentUsers(onlyInA: 1, onlyInB: 1, example: "u2")) {
            try PairedComparison(metric: "ndcg@10", a: a, aPath: "a", b: b, bPath: "b")
        }
        #expect(throws: PairedComparisonError.table(.unknownMetric(path: "a", metric: "recall@10", available: ["ndcg@10"]))) {
            try PairedComparison(metric: "recall@10", a: a, aPath: "a", b: a, bPath: "b")
        }
    }
}
