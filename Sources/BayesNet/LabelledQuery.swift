import Foundation

/// An inference query with its reference answer, as stored in the oracle's JSON Lines files:
/// one line per (query, target) with `query_id`, `targets`, `evidence`, `target`,
/// `distribution` (state → probability) and `p_evidence`.
public struct LabelledQuery: Sendable {
    /// The query's id in the file.
    public var id: Int
    /// Target variable names, in the file's order.
    public var targets: [String]
    /// Observed states by variable name.
    public var evidence: [String: String]
    /// Reference distribution of each target, by target name then state name.
    public var expected: [String: [String: Double]]
    /// Reference P(evidence).
    public var expectedProbabilityOfEvidence: Double

    public init(id: Int, targets: [String], evidence: [String: String], expected: [String: [String: Double]],
                expectedProbabilityOfEvidence: Double) {
        self.id = id
        self.targets = targets
        self.evidence = evidence
        self.expected = expected
        self.expectedProbabilityOfEvidence = expectedProbabilityOfEvidence
    }

    private struct Line: Decodable {
        var query_id: Int
        var targets: [String]
        var evidence: [String: String]
        var target: String
        var distribution: [String: Double]
        var p_evidence: Double
    }

    /// Reads a JSON Lines query file, merging the lines of each `query_id` (in first-seen order).
    public static func load(from url: URL) throws -> [LabelledQuery] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataFileError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        var queries: [LabelledQuery] = []
        var slot: [Int: Int] = [:]
        let decoder = JSONDecoder()
        var lineNumber = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let line: Line
            do { line = try decoder.decode(Line.self, from: Data(raw)) } catch {
                throw DataFileError.invalidRecord(
                    at: TextPosition(file: url.path, line: lineNumber, column: 1),
                    expected: "a JSON object with query_id, targets, evidence, target, distribution, p_evidence")
            }
            if let i = slot[line.query_id] {
                queries[i].expected[line.target] = line.distribution
            } else {
                slot[line.query_id] = queries.count
                queries.append(LabelledQuery(id: line.query_id, targets: line.targets, evidence: line.evidence,
                                             expected: [line.target: line.distribution],
                                             expectedProbabilityOfEvidence: line.p_evidence))
            }
        }
        return queries
    }
}
