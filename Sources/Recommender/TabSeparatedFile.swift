import Foundation

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

    /// Calls `body(lineNumber, fields)` for every non-blank line.
    static func forEachLine(
        _ bytes: [UInt8], path: String, _ body: (Int, [String]) throws(RecommenderDataError) -> Void
    ) throws(RecommenderDataError) {
        var start = 0
        var lineNumber = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let lineStart = start
            start = end + 1
            if lineEnd == lineStart { continue }
            var fields: [String] = []
            var f = lineStart
            var i = lineStart
            while i <= lineEnd {
                if i == lineEnd || bytes[i] == 0x09 {
                    guard let s = String(validating: bytes[f..<i], as: UTF8.self) else {
                        throw .invalidUTF8(path: path, line: lineNumber, byteOffset: f)
                    }
                    fields.append(s)
                    f = i + 1
                }
                i += 1
            }
            try body(lineNumber, fields)
        }
    }
}
