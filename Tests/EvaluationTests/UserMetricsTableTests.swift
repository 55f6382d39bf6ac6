import Foundation
import Testing
@testable import Evaluation

@Suite struct UserMetricsTableTests {
    @Test func evaluatorRowsRoundTripThroughTSV() throws {
        // User 0: test {1, 5}; list [5, 2, 1]: hits at ranks 1 and 3. User 2: test {9}, missed. User 1: no test items.
        let evaluator = RankingEvaluator(testPositives: [[1, 5], [], [9]], catalogueSize: 10, cutoffs: [2, 3])
        let lists: [Int: [Int32]] = [0: [5, 2, 1, 0, 3], 2: [0, 1, 2, 3, 4]]
        let (report, rows) = evaluator.evaluateDetailed { u, k in Array(lists[u]!.prefix(k)) }
        #expect(rows.map(\.user) == [0, 2] && rows.map(\.testItems) == [2, 1])
        let at3 = try #require(rows[0].cutoffs.firstIndex(of: 3))
        #expect(rows[0].recall[at3] == 1 && rows[0].hitRate[at3] == 1)
        let idcg: Double = 1 + 1 / log2(3.0)
        let expected: Double = (1 + 0.5) / idcg
        #expect(abs(rows[0].ndcg[at3] - expected) < 1e-15)
        // The report is the mean of the rows.
        for c in report.cutoffs.indices {
            #expect(abs(report.ndcg[c] - (rows[0].ndcg[c] + rows[1].ndcg[c]) / 2) < 1e-15)
            #expect(abs(report.recall[c] - (rows[0].recall[c] + rows[1].recall[c]) / 2) < 1e-15)
        }
        let table = UserMetricsTable(rows) { ["a", "b", "c"][$0] }
        #expect(table.users == ["a", "c"])
        #expect(table.metrics == UserRankingMetrics.columnNames(cutoffs: rows[0].cutoffs))
        #expect(try UserMetricsTable.parse(table.tsv, path: "t.tsv") == table)
        #expect(try table.column("ndcg@3", path: "t.tsv")["a"] == rows[0].ndcg[at3])
    }

    @Test(arguments: [
        ("", UserMetricsTableError.empty(path: "f")),
        ("user\tndcg@10\n", .badHeader(path: "f", found: "user\tndcg@10")),
        ("user\ttest_items\n", .badHeader(path: "f", found: "user\ttest_items")),
        ("user\ttest_items\tndcg@10\nu1\t3\t0.5\nu2\t4\n", .fieldCount(path: "f", line: 3, expected: 3, found: 2)),
        ("user\ttest_items\tndcg@10\nu1\tthree\t0.5\n", .badNumber(path: "f", line: 2, column: "test_items", text: "three")),
        ("user\ttest_items\tndcg@10\nu1\t3\tnan\n", .badNumber(path: "f", line: 2, column: "ndcg@10", text: "nan")),
        ("user\ttest_items\tndcg@10\nu1\t3\tnp.float64(0.5)\n", .badNumber(path: "f", line: 2, column: "ndcg@10", text: "np.float64(0.5)")),
        ("user\ttest_items\tndcg@10\nu1\t3\t0.5\nu1\t3\t0.25\n", .duplicateUser(path: "f", line: 3, user: "u1")),
    ])
    func badTablesSayWhereAndWhat(text: String, error: UserMetricsTableError) {
        #expect(throws: error) { try UserMetricsTable.parse(text, path: "f") }
    }

    @Test func crlfAndTrailingBlankLinesAreAccepted() throws {
        let t = try UserMetricsTable.parse("user\ttest_items\tndcg@10\r\nu1\t3\t0.5\r\n\n", path: "f")
        #expect(t.users == ["u1"] && t.values == [[0.5]] && t.testItems == [3])
    }
}
