/// Why a triple file could not be read.
public enum TripleFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, errno: Int32)
    /// A line does not have exactly three tab-separated fields.
    case wrongFieldCount(path: String, line: Int, found: Int)
    /// A field is empty (1-based column = field number).
    case emptyField(path: String, line: Int, column: Int)
    /// Bytes that are not UTF-8 (byte offset within the file).
    case invalidUTF8(path: String, line: Int, byteOffset: Int)

    public var description: String {
        switch self {
        case let .unreadable(p, e): return "\(p): cannot read file (errno \(e))"
        case let .wrongFieldCount(p, l, f): return "\(p):\(l): expected 3 tab-separated fields (head, relation, tail), found \(f)"
        case let .emptyField(p, l, c): return "\(p):\(l): field \(c) is empty; expected a non-empty label"
        case let .invalidUTF8(p, l, o): return "\(p):\(l): byte \(o): invalid UTF-8"
        }
    }
}

/// Reads `head<TAB>relation<TAB>tail` files (UTF-8, `\n` or `\r\n`, optional header line such as
/// `head	relation	tail` or RecBole's `head_id:token	relation_id:token	tail_id:token`; blank lines skipped)
/// into ``IndexedTriple``s, interning labels in a shared ``TripleVocabulary`` so train, validation
/// and test files agree on ids.
public enum LabeledTripleReader {
    public static func read(path: String, vocabulary: inout TripleVocabulary) throws -> [IndexedTriple] {
        let bytes: [UInt8]
        do { bytes = try AtomicFileWriter.readAll(path: path) } catch let EmbeddingFileError.io(_, _, e) {
            throw TripleFileError.unreadable(path: path, errno: e)
        }
        return try parse(bytes, path: path, vocabulary: &vocabulary)
    }

    public static func parse(_ bytes: [UInt8], path: String, vocabulary: inout TripleVocabulary) throws -> [IndexedTriple] {
        var triples: [IndexedTriple] = []
        var lineNumber = 0
        var start = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start { continue }
            var fields: [Range<Int>] = []
            var f = start
            for i in start..<lineEnd where bytes[i] == 0x09 {
                fields.append(f..<i)
                f = i + 1
            }
            fields.append(f..<lineEnd)
            guard fields.count == 3 else { throw TripleFileError.wrongFieldCount(path: path, line: lineNumber, found: fields.count) }
            var labels: [String] = []
            for (c, r) in fields.enumerated() {
                guard !r.isEmpty else { throw TripleFileError.emptyField(path: path, line: lineNumber, column: c + 1) }
                guard let s = String(validating: bytes[r], as: UTF8.self) else {
                    throw TripleFileError.invalidUTF8(path: path, line: lineNumber, byteOffset: r.lowerBound)
                }
                labels.append(s)
            }
            if lineNumber == 1 && isHeader(labels) { continue }
            triples.append(IndexedTriple(
                head: vocabulary.entityID(labels[0]), relation: vocabulary.relationID(labels[1]), tail: vocabulary.entityID(labels[2])))
        }
        return triples
    }

    static func isHeader(_ fields: [String]) -> Bool {
        let lower = fields.map { $0.lowercased() }
        if lower == ["head", "relation", "tail"] || lower == ["subject", "predicate", "object"] { return true }
        return fields.allSatisfy { $0.hasSuffix(":token") }
    }
}
