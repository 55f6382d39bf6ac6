/// The header line of a delimited file, including RecBole atomic headers.
///
/// RecBole atomic files (`.inter`, `.user`, `.item`, `.kg`, `.link`) name each
/// column `name:type` with type `token`, `token_seq`, `float` or `float_seq`.
/// Plain CSV/TSV headers have bare names. A column is found by its full
/// header text or by its name part.
public struct TableHeader: Sendable, Equatable {
    /// RecBole's column types.
    public enum FieldType: String, Sendable, CaseIterable {
        case token, tokenSeq = "token_seq", float, floatSeq = "float_seq"
    }

    /// One column: its name and, for atomic files, its type.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: FieldType?
        /// The header text as written.
        public var raw: String
    }

    public var columns: [Column]

    /// Parses header fields. With `atomic: true` every field must be `name:type`
    /// with a RecBole type; otherwise a `:type` suffix is recognised when valid.
    public init(fields: [String], file: String, line: Int = 1, atomic: Bool) throws(ImportError) {
        var cols = [Column]()
        for raw in fields {
            let f = raw.trimmingSpaces()
            if let colon = f.lastIndex(of: ":") {
                let name = String(f[..<colon]), typeText = String(f[f.index(after: colon)...])
                if let t = FieldType(rawValue: typeText), !name.isEmpty {
                    cols.append(Column(name: name, type: t, raw: f))
                    continue
                }
            }
            if atomic {
                throw .badHeader(
                    file: file, line: line, field: f,
                    expected: "name:type with type one of token, token_seq, float, float_seq")
            }
            if f.isEmpty { throw .badHeader(file: file, line: line, field: f, expected: "a column name") }
            cols.append(Column(name: f, type: nil, raw: f))
        }
        columns = cols
    }

    /// Reads the header from the first line of `file`.
    public init(of file: DelimitedFile, delimiter: UInt8, atomic: Bool) throws(ImportError) {
        var fields: [String]? = nil
        var line = 0
        var bad = false
        do {
            try file.forEachRecord(delimiter: delimiter) { record in
                if fields != nil { throw StopIteration() }
                line = record.line
                var fs = [String]()
                for i in 0..<record.count {
                    guard let s = record.field(i) else { bad = true; throw StopIteration() }
                    fs.append(s)
                }
                fields = fs
                throw StopIteration()
            }
        } catch {}
        if bad { throw .invalidUTF8(file: file.path, line: line) }
        guard let fields else { throw .emptyFile(file: file.path) }
        try self.init(fields: fields, file: file.path, line: line, atomic: atomic)
    }

    /// Index of the column called `name` (full header text or name part).
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.raw == name } ?? columns.firstIndex { $0.name == name }
    }

    /// Index of `name`, or a `missingColumn` error listing the columns there are.
    public func require(_ name: String, file: String) throws(ImportError) -> Int {
        guard let i = index(of: name) else {
            throw .missingColumn(file: file, column: name, available: columns.map(\.name))
        }
        return i
    }
}

struct StopIteration: Error {}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{FEFF}" { s.removeFirst() }
        while let l = s.last, l == " " { s.removeLast() }
        return String(s)
    }
}
