import ArgumentParser
import Evaluation
import Foundation
import KnowledgeGraph

/// `kgrec eval compare A.tsv B.tsv [--metric ndcg@10] [--json]`: a paired comparison of two runs'
/// per-user metrics (`kgrec eval recommend --per-user`, or a reference library's run written in
/// the same format by `scripts/research/reference_per_user.py`).
struct EvalCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Paired comparison of two evaluation runs' per-user metrics: mean difference, its standard error and a sign test.",
        discussion: """
            Both files are per-user tables (`kgrec eval recommend --per-user FILE`): user, test_items, then metric \
            columns such as recall@10, ndcg@10, hitrate@10. The runs must cover the same users. Prints the two means, \
            the mean of the per-user differences A − B with its standard error, t and 95% interval, and the users where \
            A wins, loses or ties with the two-sided exact sign-test p.
            """)

    @Argument(help: "Per-user metrics of run A.") var a: String
    @Argument(help: "Per-user metrics of run B.") var b: String
    @Option(help: "Metric column to compare.") var metric: String = "ndcg@10"
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try reportingErrors {
            let ta = try Self.read(a), tb = try Self.read(b)
            let c = try PairedComparison(metric: metric, a: ta, aPath: a, b: tb, bPath: b)
            let number = { (x: Double) in x.isFinite ? "\(x)" : "null" }
            if json {
                let fields: [(String, String)] = [
                    ("metric", "\"\(metric)\""), ("users", "\(c.users)"), ("mean_a", number(c.meanA)), ("mean_b", number(c.meanB)),
                    ("mean_difference", number(c.meanDifference)), ("standard_error", number(c.standardError)), ("t", number(c.t)),
                    ("interval95_low", number(c.interval95.lowerBound)), ("interval95_high", number(c.interval95.upperBound)),
                    ("wins", "\(c.wins)"), ("losses", "\(c.losses)"), ("ties", "\(c.ties)"), ("sign_test_p", number(c.signTestP)),
                ]
                print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            } else {
                print("\(metric) over \(c.users) users: A \(String(format: "%.4f", c.meanA)) (\(a)), B \(String(format: "%.4f", c.meanB)) (\(b))")
                print(String(format: "A − B = %+.4f ± %.4f (paired s.e.), t = %.2f, 95%% interval [%+.4f, %+.4f]",
                             c.meanDifference, c.standardError, c.t, c.interval95.lowerBound, c.interval95.upperBound))
                print(String(format: "A better for %d users, worse for %d, tied for %d; sign test p = %.3g", c.wins, c.losses, c.ties, c.signTestP))
            }
        }
    }

    static func read(_ path: String) throws -> UserMetricsTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.system(path: path, operation: "read", errno: errno) }
        return try UserMetricsTable.parse(String(decoding: data, as: UTF8.self), path: path)
    }
}

/// Writes an evaluation's per-user rows as a ``UserMetricsTable`` TSV (atomically), users named by `labels`.
func writePerUserMetrics(_ rows: [UserRankingMetrics], labels: [String], to path: String) throws {
    let table = UserMetricsTable(rows) { labels[$0] }
    try AtomicFile.write(Array(table.tsv.utf8), to: path)
}
