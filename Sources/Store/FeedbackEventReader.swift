/// The text formats `kgrec feedback` reads.
public enum FeedbackInputFormat: String, Sendable, CaseIterable {
    /// Comma-separated values with a header naming the columns `event_id, user, item, kind,
    /// value, timestamp` (any order; `value` may be left out; other columns are ignored). Fields
    /// may be double-quoted (RFC 4180, `""` for a quote) but not span lines.
    case csv
    /// One flat JSON object per line with the keys `event_id, user, item, kind, value,
    /// timestamp` (`value` may be absent or null; other keys are ignored; ids may be strings or
    /// numbers).
    case jsonl

    /// JSON Lines when the first non-blank byte is `{`, else CSV.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> FeedbackInputFormat {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return b == UInt8(ascii: "{") ? .jsonl : .csv }
        return .csv
    }
}

/// A problem with the input as a whole (as opposed to one event).
public enum FeedbackInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CSV header lacks required columns.
    case missingColumns(source: String, line: Int, missing: [String], found: [String])

    public var description: String {
        switch self {
        case .missingColumns(let s, let l, let m, let f):
            return "\(s):\(l): the CSV header lacks the column(s) \(m.joined(separator: ", ")) (found: \(f.joined(separator: ", ")); expected event_id,user,item,kind,value,timestamp)"
        }
    }
}

/// Reads feedback events from CSV or JSON Lines text, one event per line, reporting each
/// malformed line with its line number and reason instead of stopping. Blank lines are skipped.
///
/// The reader walks raw UTF-8 bytes (no per-line `String` splitting); `next` returns events
/// one at a time, so a caller can batch them.
public struct FeedbackEventReader {
    /// One input line's result.
    public enum Line: Sendable, Equatable {
        case event(line: Int, FeedbackEvent)
        case rejected(FeedbackRejection)
    }

    public let format: FeedbackInputFormat
    private let bytes: [UInt8]
    private var offset = 0
    private var lineNumber = 0
    /// CSV: column index of event_id, user, item, kind, value (-1 when absent), timestamp.
    private var columns: [Int] = []
    private var headerRead = false
    private let source: String
    /// The current CSV line's fields (reused from line to line).
    private var fieldBuffer: [String] = []
    private static let fieldNames = ["event_id", "user", "item", "kind", "value", "timestamp"]

    /// - Parameters:
    ///   - bytes: the input, or its first chunk of whole lines (UTF-8; a leading byte-order mark is skipped).
    ///   - format: nil to detect it (``FeedbackInputFormat/detect(_:)``).
    ///   - source: the input's name in error messages.
    /// - Throws: ``FeedbackInputError`` when a CSV header lacks required columns.
    public init(bytes: [UInt8], format: FeedbackInputFormat? = nil, source: String = "-") throws(FeedbackInputError) {
        self.bytes = bytes
        self.source = source
        self.format = format ?? bytes.withUnsafeBytes { FeedbackInputFormat.detect($0) }
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { offset = 3 }
        try readHeaderIfNeeded()
    }

    /// A reader for the next chunk of an input read piece by piece: `bytes` must hold whole lines
    /// (the previous chunk ended after a newline). Format, CSV columns and line numbers carry on
    /// from `previous`.
    public init(continuing previous: FeedbackEventReader, bytes: [UInt8]) throws(FeedbackInputError) {
        self.bytes = bytes
        source = previous.source
        format = previous.format
        columns = previous.columns
        headerRead = previous.headerRead
        lineNumber = previous.lineNumber
        try readHeaderIfNeeded()
    }

    /// CSV: reads the header, the first non-blank line (it may come in a later chunk).
    private mutating func readHeaderIfNeeded() throws(FeedbackInputError) {
        guard format == .csv, !headerRead else { return }
        while let (number, range) = nextLineRange() {
            if isBlank(range) { continue }
            var fields: [String] = []
            if case .failure = Self.splitCSV(bytes, range, into: &fields) {
                throw .missingColumns(source: source, line: number, missing: Self.fieldNames, found: [])
            }
            let names = fields.map { $0.trimmingSpaces().lowercased() }
            columns = Self.fieldNames.map { names.firstIndex(of: $0) ?? -1 }
            let missing = zip(Self.fieldNames, columns).filter { $0.0 != "value" && $0.1 < 0 }.map(\.0)
            if !missing.isEmpty { throw .missingColumns(source: source, line: number, missing: missing, found: names) }
            headerRead = true
            return
        }
    }

    /// The next event or rejection, nil at the end of the input (or chunk).
    public mutating func next() -> Line? {
        if format == .csv && !headerRead { return nil }
        while let (number, range) = nextLineRange() {
            if isBlank(range) { continue }
            let parsed: Result<FeedbackEvent, FeedbackEventProblem>
            switch format {
            case .csv: parsed = parseCSV(range)
            case .jsonl: parsed = parseJSON(range)
            }
            switch parsed {
            case .success(let e):
                if let problem = e.invalidity { return .rejected(FeedbackRejection(line: number, problem: problem)) }
                return .event(line: number, e)
            case .failure(let problem):
                return .rejected(FeedbackRejection(line: number, problem: problem))
            }
        }
        return nil
    }

    // MARK: - Lines

    private mutating func nextLineRange() -> (Int, Range<Int>)? {
        guard offset < bytes.count else { return nil }
        let start = offset
        var end = start
        bytes.withUnsafeBufferPointer { b in
            while end < b.count && b[end] != 0x0A { end += 1 }
        }
        offset = end + 1
        lineNumber += 1
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return (lineNumber, start..<end)
    }

    private func isBlank(_ r: Range<Int>) -> Bool {
        for k in r where bytes[k] != 0x20 && bytes[k] != 0x09 { return false }
        return true
    }

    // MARK: - CSV

    /// Splits one CSV line; fields are unquoted. Fails on a stray quote.
    private static func splitCSV(_ bytes: [UInt8], _ r: Range<Int>, into fields: inout [String]) -> Result<Void, FeedbackEventProblem> {
        fields.removeAll(keepingCapacity: true)
        var k = r.lowerBound
        let end = r.upperBound
        var column = 1
        while true {
            if k < end && bytes[k] == UInt8(ascii: "\"") {
                var text: [UInt8] = []
                k += 1
                var closed = false
                while k < end {
                    if bytes[k] == UInt8(ascii: "\"") {
                        if k + 1 < end && bytes[k + 1] == UInt8(ascii: "\"") { text.append(UInt8(ascii: "\"")); k += 2; continue }
                        closed = true
                        k += 1
                        break
                    }
                    text.append(bytes[k])
                    k += 1
                }
                guard closed else { return .failure(.malformed(column: column, reason: "unterminated quoted field")) }
                guard k == end || bytes[k] == UInt8(ascii: ",") else {
                    return .failure(.malformed(column: column, reason: "text after the closing quote"))
                }
                fields.append(String(decoding: text, as: UTF8.self))
            } else {
                let start = k
                while k < end && bytes[k] != UInt8(ascii: ",") {
                    if bytes[k] == UInt8(ascii: "\"") { return .failure(.malformed(column: column, reason: "quote inside an unquoted field")) }
                    k += 1
                }
                fields.append(String(decoding: bytes[start..<k], as: UTF8.self))
            }
            if k >= end { return .success(()) }
            k += 1  // the comma
            column += 1
            if k == end { fields.append(""); return .success(()) }
        }
    }

    private mutating func parseCSV(_ r: Range<Int>) -> Result<FeedbackEvent, FeedbackEventProblem> {
        if case .failure(let p) = Self.splitCSV(bytes, r, into: &fieldBuffer) { return .failure(p) }
        let needed = columns.max()! + 1
        guard fieldBuffer.count >= needed else {
            return .failure(.malformed(column: fieldBuffer.count + 1, reason: "expected \(needed) fields, found \(fieldBuffer.count)"))
        }
        func field(_ k: Int) -> String { columns[k] >= 0 ? fieldBuffer[columns[k]].trimmingSpaces() : "" }
        return Self.event(eventID: field(0), user: field(1), item: field(2), kind: field(3), value: field(4), timestamp: field(5))
    }

    /// Builds an event from field texts (empty = absent).
    private static func event(eventID: String, user: String, item: String, kind kindText: String, value valueText: String,
                              timestamp timeText: String) -> Result<FeedbackEvent, FeedbackEventProblem> {
        if eventID.isEmpty { return .failure(.missingField("event_id")) }
        if user.isEmpty { return .failure(.missingField("user")) }
        if item.isEmpty { return .failure(.missingField("item")) }
        if kindText.isEmpty { return .failure(.missingField("kind")) }
        guard let kind = FeedbackKind(rawValue: kindText.lowercased()) else { return .failure(.unknownKind(kindText)) }
        var value: Double? = nil
        if !valueText.isEmpty {
            guard let v = Double(valueText), v.isFinite else {
                return .failure(.invalidValue(field: "value", text: valueText, expected: "a finite number"))
            }
            value = v
        }
        if timeText.isEmpty { return .failure(.missingField("timestamp")) }
        guard let t = Double(timeText), t.isFinite else {
            return .failure(.invalidValue(field: "timestamp", text: timeText, expected: "a finite number of Unix seconds"))
        }
        return .success(FeedbackEvent(eventID: eventID, user: user, item: item, kind: kind, value: value, timestamp: t))
    }

    // MARK: - JSON Lines

    private func parseJSON(_ r: Range<Int>) -> Result<FeedbackEvent, FeedbackEventProblem> {
        var parser = FlatJSONObjectParser(bytes: bytes, range: r)
        let object: [String: FlatJSONObjectParser.Value]
        do { object = try parser.parse() } catch { return .failure(.malformed(column: error.column, reason: error.reason)) }
        var texts = [String](repeating: "", count: Self.fieldNames.count)
        for (k, name) in Self.fieldNames.enumerated() {
            guard let v = object[name] else { continue }
            switch v {
            case .null: continue
            case .string(let s):
                if name == "value" || name == "timestamp" {
                    return .failure(.invalidValue(field: name, text: s, expected: name == "value" ? "a number" : "a number of Unix seconds"))
                }
                texts[k] = s
            case .number(let s):
                if name == "kind" { return .failure(.invalidValue(field: name, text: s, expected: "a string")) }
                texts[k] = s
            case .bool(let b):
                return .failure(.invalidValue(field: name, text: "\(b)", expected: name == "value" || name == "timestamp" ? "a number" : "a string"))
            }
        }
        return Self.event(eventID: texts[0], user: texts[1], item: texts[2], kind: texts[3], value: texts[4], timestamp: texts[5])
    }
}

/// A strict parser for one flat JSON object (string keys; values string, number, true, false,
/// null — nested objects and arrays are refused), enough for event lines.
struct FlatJSONObjectParser {
    enum Value: Equatable { case string(String), number(String), bool(Bool), null }
    struct Failure: Error { var column: Int; var reason: String }

    let bytes: [UInt8]
    var k: Int
    let start: Int
    let end: Int

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        k = range.lowerBound
        start = range.lowerBound
        end = range.upperBound
    }

    private func fail(_ reason: String) -> Failure { Failure(column: k - start + 1, reason: reason) }

    private mutating func skipSpace() {
        while k < end, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
    }

    mutating func parse() throws(Failure) -> [String: Value] {
        var out: [String: Value] = [:]
        skipSpace()
        guard k < end, bytes[k] == UInt8(ascii: "{") else { throw fail("expected '{'") }
        k += 1
        skipSpace()
        if k < end && bytes[k] == UInt8(ascii: "}") {
            k += 1
        } else {
            while true {
                skipSpace()
                guard k < end, bytes[k] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                skipSpace()
                guard k < end, bytes[k] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
                k += 1
                skipSpace()
                guard k < end else { throw fail("expected a value") }
                let value: Value
                switch bytes[k] {
                case UInt8(ascii: "\""): value = .string(try string())
                case UInt8(ascii: "t"): try literal("true"); value = .bool(true)
                case UInt8(ascii: "f"): try literal("false"); value = .bool(false)
                case UInt8(ascii: "n"): try literal("null"); value = .null
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try number())
                case UInt8(ascii: "{"), UInt8(ascii: "["): throw fail("nested objects and arrays are not event fields")
                default: throw fail("expected a value")
                }
                if out[key] != nil { throw fail("key \"\(key)\" appears twice") }
                out[key] = value
                skipSpace()
                guard k < end else { throw fail("expected ',' or '}'") }
                if bytes[k] == UInt8(ascii: ",") { k += 1; continue }
                guard bytes[k] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                k += 1
                break
            }
        }
        skipSpace()
        guard k == end else { throw fail("text after the object") }
        return out
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard k + n <= end else { throw fail("expected a value") }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        for t in 0..<n where bytes[k + t] != w[t] { throw fail("expected a value") }
        k += n
    }

    private mutating func number() throws(Failure) -> String {
        let s = k
        if bytes[k] == UInt8(ascii: "-") { k += 1 }
        guard k < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[k]) else { throw fail("malformed number") }
        while k < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[k]) || bytes[k] == UInt8(ascii: ".")
            || bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E") || bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") {
            k += 1
        }
        let text = String(decoding: bytes[s..<k], as: UTF8.self)
        guard Double(text) != nil else { k = s; throw fail("malformed number '\(text)'") }
        return text
    }

    private mutating func string() throws(Failure) -> String {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONStringDecoder.Failure) in try JSONStringDecoder.decode(raw, openingQuote: k, end: end, invalidUTF8: .repair) }
        }
        switch decoded {
        case .success(let (text, next)):
            k = next
            return text
        case .failure(let failure):
            k = failure.offset
            throw fail(failure.problem.description)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (checked on the UTF-8 bytes; no copy when there are none).
    fileprivate func trimmingSpaces() -> String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
