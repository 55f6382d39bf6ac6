import Foundation

/// One row of a W3C suite's `TESTS.tsv` (see Tests/Fixtures/conformance/README.md).
public struct ConformanceTest: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case positiveEval = "PositiveEval", positiveSyntax = "PositiveSyntax", negativeSyntax = "NegativeSyntax" }
    public var name: String
    public var kind: Kind
    /// Absolute path of the input document.
    public var input: String
    /// Absolute path of the expected N-Triples, for eval tests.
    public var expected: String?
    public var baseIRI: String

    public var description: String { name }

    /// The rows of `conformance/<suite>/TESTS.tsv`; empty when the suite is missing (the suite-is-complete tests then fail).
    public static func load(suite: String) -> [ConformanceTest] {
        guard let dir = TestData.path("conformance/\(suite)"),
              let text = try? String(contentsOf: dir.appendingPathComponent("TESTS.tsv"), encoding: .utf8) else { return [] }
        var rows: [ConformanceTest] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, let kind = Kind(rawValue: f[1]) else { continue }
            rows.append(ConformanceTest(name: f[0], kind: kind, input: dir.appendingPathComponent(f[2]).path,
                                        expected: f[3].isEmpty ? nil : dir.appendingPathComponent(f[3]).path,
                                        baseIRI: f[4]))
        }
        return rows
    }
}
