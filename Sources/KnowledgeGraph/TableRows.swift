/// Shared row loop for the delimited-file importers: header skipping, field
/// counts, UTF-8 and empty-field checks, skip-bad-rows accounting.
enum TableRows {
    /// Calls `body` for every data row with exactly `fieldCount` fields. Row errors
    /// thrown by `body` or found here go through `diagnostics`. Returns the number
    /// of data rows seen (good and bad).
    @discardableResult
    static func forEach(
        _ file: DelimitedFile, delimiter: UInt8, hasHeader: Bool, fieldCount: Int,
        diagnostics: inout RowDiagnostics, progress: ProgressHandler?,
        _ body: (DelimitedRecord) throws(ImportError) -> Void
    ) throws(ImportError) -> Int {
        var first = hasHeader
        var rows = 0
        var diag = diagnostics
        do {
            try file.forEachRecord(delimiter: delimiter, progress: progress) { record in
                if first { first = false; return }
                rows += 1
                do {
                    guard record.count == fieldCount else {
                        throw ImportError.fieldCount(
                            file: file.path, line: record.line, expected: fieldCount, found: record.count, text: record.text)
                    }
                    try body(record)
                } catch let e as ImportError {
                    try diag.handle(e)
                }
            }
        } catch let e as ImportError {
            diagnostics = diag
            throw e
        } catch {
            diagnostics = diag
            throw .io(path: file.path, message: "\(error)")
        }
        diagnostics = diag
        return rows
    }

    /// Field `i` as a non-empty string, or a row error naming `column`.
    static func text(_ record: DelimitedRecord, _ i: Int, column: String, allowEmpty: Bool = false) throws(ImportError) -> String {
        guard let s = record.field(i) else { throw .invalidUTF8(file: record.file, line: record.line) }
        if s.isEmpty && !allowEmpty {
            throw .badValue(file: record.file, line: record.line, column: column, value: s, expected: "a non-empty value")
        }
        return s
    }

    /// Field `i` as a finite number; nil when empty and `optional`.
    static func number(_ record: DelimitedRecord, _ i: Int, column: String, optional: Bool) throws(ImportError) -> Double? {
        let s = try text(record, i, column: column, allowEmpty: optional)
        if s.isEmpty { return nil }
        guard let v = Double(s.trimmingSpaces()), v.isFinite else {
            throw .badValue(file: record.file, line: record.line, column: column, value: s, expected: "a number")
        }
        return v
    }
}

/// Expands dataset tokens to IRIs under a namespace (absolute IRIs are kept).
public struct IdentifierNamespace: Sendable, Equatable {
    /// The prefix, e.g. `http://rdf.freebase.com/ns/`; nil keeps tokens as they are.
    public var prefix: String?

    public init(_ prefix: String?) { self.prefix = prefix }

    /// `token` with the prefix, unless it already is an absolute IRI.
    @inlinable public func expand(_ token: String) -> String {
        guard let prefix, !Self.isAbsoluteIRI(token) else { return token }
        return prefix + token
    }

    /// True for `scheme:rest` with an RFC 3986 scheme of at least two characters
    /// (so a one-letter prefix like a Windows drive is not taken for one).
    public static func isAbsoluteIRI(_ s: String) -> Bool {
        var n = 0
        for b in s.utf8 {
            if b == UInt8(ascii: ":") { return n >= 2 }
            let alpha = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            let ok = n == 0 ? alpha : alpha || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
            if !ok { return false }
            n += 1
        }
        return false
    }
}
