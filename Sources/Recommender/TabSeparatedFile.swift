import Foundation
import KnowledgeGraph

/// Minimal reader for tab-separated files (UTF-8, `\n` or `\r\n`, blank lines skipped): hands
/// each line's fields with its 1-based line number to a closure.
enum TabSeparatedFile {
    static func read(path: String) throws(RecommenderDataError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Calls `body(lineNumber, fields)` for every non-blank line (line splitting is
    /// KnowledgeGraph's ``DelimitedFile``, the importers' reader).
    static func forEachLine(
        _ bytes: [UInt8], path: String, _ body: (Int, [String]) throws(RecommenderDataError) -> Void
    ) throws(RecommenderDataError) {
        do {
            try DelimitedFile(path: path, bytes: bytes).forEachRecord(delimiter: 0x09) { record in
                var fields: [String] = []
                fields.reserveCapacity(record.count)
                for i in 0..<record.count {
                    guard let field = record.field(i) else {
                        throw RecommenderDataError.invalidUTF8(path: path, line: record.line, column: i + 1)
                    }
                    fields.append(field)
                }
                try body(record.line, fields)
            }
        } catch let error as RecommenderDataError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }
}
