/// A delimited text file (TSV/CSV) read whole, with fields located by byte ranges.
///
/// Lines end with LF (a CR before it is dropped); empty lines are skipped. For
/// comma-separated files a field may be double-quoted with `""` as an escaped
/// quote (RFC 4180, without line breaks inside quotes).
public struct DelimitedFile: Sendable {
    /// The file name used in error messages.
    public let path: String
    /// The file content.
    public let bytes: [UInt8]

    /// Reads the file at `path`.
    public init(path: String) throws(ImportError) {
        self.path = path
        do { bytes = try AtomicFile.read(path) } catch { throw .io(path: path, message: error.description) }
    }

    /// A file from bytes already in memory (tests, stdin).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Tab when the first line contains a tab, else comma.
    public func guessDelimiter() -> UInt8 {
        for b in bytes {
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\t") { return b }
        }
        return UInt8(ascii: ",")
    }

    /// Calls `body` for each non-empty line, with its fields split at `delimiter`.
    ///
    /// `progress` (if any) is called every 16,384 lines and at the end.
    public func forEachRecord(
        delimiter: UInt8, progress: ProgressHandler? = nil,
        _ body: (DelimitedRecord) throws -> Void
    ) throws {
        let quoteAware = delimiter == UInt8(ascii: ",")
        var fields = [Range<Int>]()
        fields.reserveCapacity(16)
        var lineNo = 0
        var rows = 0
        var pos = 0
        let n = bytes.count
        try bytes.withUnsafeBufferPointer { buf in
            while pos < n {
                lineNo += 1
                var end = pos
                while end < n && buf[end] != 0x0A { end += 1 }
                let next = end + 1
                var lineEnd = end
                if lineEnd > pos && buf[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd > pos {
                    fields.removeAll(keepingCapacity: true)
                    var s = pos
                    var i = pos
                    while i <= lineEnd {
                        if quoteAware && i == s && i < lineEnd && buf[i] == 0x22 {
                            // Quoted field: skip to the closing quote.
                            i += 1
                            while i < lineEnd {
                                if buf[i] == 0x22 {
                                    if i + 1 < lineEnd && buf[i + 1] == 0x22 { i += 2; continue }
                                    break
                                }
                                i += 1
                            }
                            i += 1
                            continue
                        }
                        if i == lineEnd || buf[i] == delimiter {
                            fields.append(s..<i)
                            s = i + 1
                        }
                        i += 1
                    }
                    rows += 1
                    let record = DelimitedRecord(file: path, line: lineNo, bytes: buf, range: pos..<lineEnd, fields: fields)
                    try body(record)
                    if let progress, rows & 0x3FFF == 0 {
                        progress(ImportProgress(file: path, bytesDone: next, bytesTotal: n, rows: rows))
                    }
                }
                pos = next
            }
        }
        progress?(ImportProgress(file: path, bytesDone: n, bytesTotal: n, rows: rows))
    }
}

/// One line of a ``DelimitedFile``, valid only inside the callback.
public struct DelimitedRecord {
    /// File name for messages.
    public let file: String
    /// 1-based line number.
    public let line: Int
    let bytes: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    let fields: [Range<Int>]

    /// Number of fields.
    public var count: Int { fields.count }

    /// Field `i` as a string (quotes removed), or nil when not valid UTF-8.
    public func field(_ i: Int) -> String? {
        var r = fields[i]
        if r.count >= 2 && bytes[r.lowerBound] == 0x22 && bytes[r.upperBound - 1] == 0x22 {
            r = (r.lowerBound + 1)..<(r.upperBound - 1)
            let raw = String(validating: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
            guard let raw, raw.utf8.contains(0x22) else { return raw }
            var out = "", lastWasQuote = false
            for ch in raw {
                if ch == "\"" && lastWasQuote { lastWasQuote = false; continue }
                lastWasQuote = ch == "\""
                out.append(ch)
            }
            return out
        }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// True when field `i` is empty.
    public func isEmpty(_ i: Int) -> Bool { fields[i].isEmpty }

    /// The whole line as text (for messages).
    public var text: String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
}
