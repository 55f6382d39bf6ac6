#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming parser for RDF 1.1 N-Triples.
///
/// The parser works on raw UTF-8 bytes: a file is read in large chunks, each
/// complete line is scanned in place and every term's `String` is created
/// straight from its byte slice (escapes are decoded only when present).
/// Triples go to the sink as soon as their line is parsed; the parser keeps
/// no graph.
///
/// It accepts exactly the RDF 1.1 N-Triples grammar: IRIs must be absolute
/// (a scheme is required), `\u`/`\U` escapes in IRIs and literals, the eight
/// string escapes, language tags, datatypes, blank-node labels (with `.`
/// inside but not at the end), comments, blank lines and any mix of CR/LF
/// line ends. A UTF-8 byte-order mark at the very start is skipped. Anything
/// else — including invalid UTF-8 — fails with ``RDFParseError`` naming the
/// file, the line, the column (in characters) and what was expected.
public struct NTriplesParser: Sendable {
    /// Size of the read buffer; it grows only for a line longer than this.
    /// (Tests shrink it to exercise lines that straddle reads.)
    var chunkSize = 1 << 22

    /// The longest line (in bytes) a file may have; a longer one fails with
    /// ``RDFParseError/limitExceeded(_:limit:value:)`` instead of growing the
    /// read buffer without bound.
    public var maxLineLength: Int

    /// A parser that refuses lines longer than `maxLineLength` bytes (256 MiB by default).
    public init(maxLineLength: Int = 256 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Parses the N-Triples file at `path`, streaming its triples into `sink`.
    ///
    /// `path` may name any readable file, including a pipe such as `/dev/stdin`.
    public func parse<S: TripleSink>(fileAt path: String, into sink: inout S) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RDFParseError.io(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }

        var capacity = max(chunkSize, 1)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        var atEOF = false
        var scanner = NTriplesScanner(documentName: path)
        var first = true

        while true {
            if !atEOF {
                if filled == capacity {
                    if filled >= maxLineLength {
                        throw RDFParseError.limitExceeded(
                            SourceLocation(file: path, line: scanner.line, column: 0),
                            limit: "maximum N-Triples line length in bytes", value: maxLineLength)
                    }
                    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                    bigger.update(from: buffer, count: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let n = read(fd, buffer + filled, capacity - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw RDFParseError.io(path: path, message: String(cString: strerror(errno)))
                }
                if n == 0 { atEOF = true } else { filled += n }
            }
            // Only whole lines are scanned; the tail after the last line end waits for more input.
            var end = filled
            if !atEOF {
                var i = filled - 1
                while i >= 0 && buffer[i] != 0x0A && buffer[i] != 0x0D { i -= 1 }
                if i < 0 { continue }
                end = i + 1
            }
            var start = 0
            if first && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                start = 3
            }
            if end > 0 || atEOF { first = false }
            try scanner.scan(UnsafeBufferPointer(start: buffer + start, count: end - start), into: &sink)
            if atEOF { return }
            filled -= end
            if filled > 0 { buffer.update(from: buffer + end, count: filled) }
        }
    }

    /// Parses N-Triples text, streaming its triples into `sink`.
    ///
    /// - Parameter documentName: the name used in error locations.
    public func parse<S: TripleSink>(
        string: String, documentName: String = "<string>", into sink: inout S
    ) throws {
        var text = string
        var scanner = NTriplesScanner(documentName: documentName)
        try text.withUTF8 { bytes in
            var bytes = bytes
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            try scanner.scan(bytes, into: &sink)
        }
    }
}

// MARK: - Byte classes

/// Byte classes for the scanning loops.
///
/// The tables are raw pointers rather than arrays so the hot loops index them
/// without bounds checks or retains; they are built once and never written
/// again, which is why `nonisolated(unsafe)` is sound here.
enum NTriplesByteClass {
    /// Taken as is (non-ASCII bytes too: UTF-8 is validated when the term's String is made).
    static let plain: UInt8 = 0
    static let close: UInt8 = 1
    static let backslash: UInt8 = 2
    static let forbidden: UInt8 = 3

    /// Class of each byte inside `<…>`.
    nonisolated(unsafe) static let iri: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 {
            var c = plain
            if b <= 0x20 { c = forbidden }
            else if b >= 0x80 { c = plain }
            else if b == 0x3E { c = close }
            else if b == 0x5C { c = backslash }
            else if "<\"{}|^`".utf8.contains(UInt8(b)) { c = forbidden }
            t[b] = c
        }
        return UnsafePointer(t)
    }()

    /// The index of the first byte in `i..<e` whose class in `table` is not
    /// `plain` (`e` when there is none); ORs every byte skipped into `seen`
    /// so the caller knows whether UTF-8 needs validating. Unrolled by eight:
    /// one branch per eight bytes in the common case.
    @inline(__always)
    static func skipPlain(
        _ table: UnsafePointer<UInt8>, _ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int, seen: inout UInt8
    ) -> Int {
        var i = i
        var s: UInt8 = 0
        while i &+ 8 <= e {
            let b0 = p[i], b1 = p[i &+ 1], b2 = p[i &+ 2], b3 = p[i &+ 3]
            let b4 = p[i &+ 4], b5 = p[i &+ 5], b6 = p[i &+ 6], b7 = p[i &+ 7]
            let classes = table[Int(b0)] | table[Int(b1)] | table[Int(b2)] | table[Int(b3)]
                | table[Int(b4)] | table[Int(b5)] | table[Int(b6)] | table[Int(b7)]
            if classes != plain { break }
            s |= b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7
            i &+= 8
        }
        while i < e {
            let c = p[i]
            if table[Int(c)] != plain { break }
            s |= c
            i &+= 1
        }
        seen |= s
        return i
    }

    /// Bytes the writer must escape inside `"…"` (canonical N-Triples):
    /// controls, `"`, `\\` and DEL are `forbidden`, everything else `plain`.
    nonisolated(unsafe) static let literalOutput: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 {
            t[b] = (b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F) ? forbidden : plain
        }
        return UnsafePointer(t)
    }()

    /// Class of each byte inside `"…"`.
    nonisolated(unsafe) static let literal: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 {
            var c = plain
            if b == 0x0A || b == 0x0D { c = forbidden }
            else if b >= 0x80 { c = plain }
            else if b == 0x22 { c = close }
            else if b == 0x5C { c = backslash }
            t[b] = c
        }
        return UnsafePointer(t)
    }()
}

// MARK: - Scanner

/// Scans whole lines of N-Triples held in one buffer and keeps the line count
/// between buffers.
struct NTriplesScanner {
    let documentName: String
    /// 1-based number of the line that starts the next buffer.
    var line = 1
    /// The previous buffer ended in CR: a LF at the start of the next one ends the same line.
    var pendingCR = false
    /// Reused storage for terms that contain escapes.
    var scratch: [UInt8] = []
    let iriTable = NTriplesByteClass.iri
    let literalTable = NTriplesByteClass.literal

    // Per-buffer state.
    var base: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!
    var end = 0
    var pos = 0
    var lineStart = 0

    init(documentName: String) {
        self.documentName = documentName
        scratch.reserveCapacity(256)
    }

    /// Scans `bytes`, which must end at a line end or at the end of the document.
    mutating func scan<S: TripleSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout S) throws {
        guard let b = bytes.baseAddress, bytes.count > 0 else { return }
        base = b
        end = bytes.count
        pos = 0
        lineStart = 0
        if pendingCR && base[0] == 0x0A {
            pos = 1
            lineStart = 1
        }
        pendingCR = false
        while pos < end {
            skipSpaces()
            if pos >= end { break }
            let c = base[pos]
            if c == 0x0A || c == 0x0D {
                endLine()
                continue
            }
            if c == UInt8(ascii: "#") {
                try skipComment()
                continue
            }
            try parseTriple(into: &sink)
        }
    }

    // MARK: Layout

    @inline(__always) mutating func skipSpaces() {
        while pos < end {
            let c = base[pos]
            if c != 0x20 && c != 0x09 { return }
            pos += 1
        }
    }

    /// Consumes one line end (CR, LF or CRLF) at `pos`.
    @inline(__always) mutating func endLine() {
        if base[pos] == 0x0D {
            if pos + 1 < end {
                if base[pos + 1] == 0x0A { pos += 1 }
            } else {
                pendingCR = true
            }
        }
        pos += 1
        line += 1
        lineStart = pos
    }

    /// Skips a comment up to (not including) the line end, checking it is valid UTF-8.
    mutating func skipComment() throws {
        while pos < end {
            let c = base[pos]
            if c == 0x0A || c == 0x0D { return }
            if c < 0x80 {
                pos += 1
            } else {
                guard let (_, length) = decodeScalar(at: pos) else {
                    throw failure("invalid UTF-8 in a comment", at: pos)
                }
                pos += length
            }
        }
    }

    // MARK: Triples

    mutating func parseTriple<S: TripleSink>(into sink: inout S) throws {
        let subject: Term
        switch base[pos] {
        case UInt8(ascii: "<"): subject = .iri(try parseIRI())
        case UInt8(ascii: "_"): subject = .blank(try parseBlankNodeLabel())
        default: throw failure("expected a subject: an IRI '<…>' or a blank node '_:…'", at: pos)
        }
        skipSpaces()
        guard pos < end, base[pos] == UInt8(ascii: "<") else {
            throw failure("expected a predicate IRI '<…>'", at: pos)
        }
        let predicate = try parseIRI()
        skipSpaces()
        guard pos < end else {
            throw failure("expected an object: an IRI, a blank node or a literal", at: pos)
        }
        let object: Term
        switch base[pos] {
        case UInt8(ascii: "<"): object = .iri(try parseIRI())
        case UInt8(ascii: "_"): object = .blank(try parseBlankNodeLabel())
        case UInt8(ascii: "\""): object = .literal(try parseLiteral())
        default: throw failure("expected an object: an IRI '<…>', a blank node '_:…' or a literal '\"…\"'", at: pos)
        }
        skipSpaces()
        guard pos < end, base[pos] == UInt8(ascii: ".") else {
            throw failure("expected '.' to end the triple", at: pos)
        }
        pos += 1
        skipSpaces()
        if pos < end {
            let c = base[pos]
            if c == UInt8(ascii: "#") {
                try skipComment()
            } else if c != 0x0A && c != 0x0D {
                throw failure("expected the end of the line after '.' (one triple per line)", at: pos)
            }
        }
        try sink.consume(Triple(subject, predicate, object))
    }

    // MARK: Terms

    /// Parses `<…>` at `pos` and returns the IRI, which must be absolute.
    mutating func parseIRI() throws -> String {
        let open = pos
        let start = pos + 1
        let p = base, e = end, table = iriTable
        var seen: UInt8 = 0
        let i = NTriplesByteClass.skipPlain(table, p, start, e, seen: &seen)
        pos = i
        guard i < e else { throw failure("expected '>' to close the IRI", at: i) }
        let cls = table[Int(p[i])]
        if cls == NTriplesByteClass.close {
            pos = i + 1
            return try makeIRI(UnsafeBufferPointer(start: p + start, count: i - start), open: open, ascii: seen < 0x80)
        }
        if cls == NTriplesByteClass.backslash {
            return try parseIRIWithEscapes(open: open, start: start)
        }
        throw forbiddenInIRI(at: i)
    }

    /// Slow path of `parseIRI` once an escape is seen.
    mutating func parseIRIWithEscapes(open: Int, start: Int) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        let table = iriTable
        while pos < end {
            let c = base[pos]
            let cls = table[Int(c)]
            if cls == NTriplesByteClass.plain {
                scratch.append(c)
                pos += 1
            } else if cls == NTriplesByteClass.close {
                pos += 1
                let bytes = scratch
                return try bytes.withUnsafeBufferPointer { try makeIRI($0, open: open, ascii: false) }
            } else if cls == NTriplesByteClass.backslash {
                let next: UInt8 = pos + 1 < end ? base[pos + 1] : 0
                guard next == UInt8(ascii: "u") || next == UInt8(ascii: "U") else {
                    throw failure("expected '\\u' or '\\U' (only numeric escapes are allowed in IRIs)", at: pos)
                }
                appendUTF8(try parseNumericEscape())
            } else {
                throw forbiddenInIRI(at: pos)
            }
        }
        throw failure("expected '>' to close the IRI", at: pos)
    }

    func forbiddenInIRI(at p: Int) -> RDFParseError {
        let c = base[p]
        if c == 0x0A || c == 0x0D { return failure("expected '>' to close the IRI before the end of the line", at: p) }
        let shown = c <= 0x20 ? String(codePointLabel: c) : "'\(Character(Unicode.Scalar(c)))'"
        return failure("character \(shown) is not allowed in an IRI (expected an IRI character or '>')", at: p)
    }

    /// Builds the IRI string and checks that it is absolute.
    func makeIRI(_ bytes: UnsafeBufferPointer<UInt8>, open: Int, ascii: Bool) throws -> String {
        if !ascii && !Self.isValidUTF8(bytes) {
            throw failure("invalid UTF-8 in an IRI", at: firstInvalidUTF8(from: open))
        }
        let iri = String(decoding: bytes, as: UTF8.self)
        guard IRIResolver.schemeLength(bytes) != nil else {
            throw RDFParseError.invalidIRI(
                location(open), iri: iri,
                reason: "relative IRI references are not allowed in N-Triples (expected an absolute IRI with a scheme)")
        }
        return iri
    }

    /// Parses `\uXXXX` or `\UXXXXXXXX` at `pos` (which holds the backslash).
    mutating func parseNumericEscape() throws -> UInt32 {
        let escapeStart = pos
        let digits = base[pos + 1] == UInt8(ascii: "u") ? 4 : 8
        pos += 2
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard pos < end, let h = hexValue(base[pos]) else {
                throw failure("expected \(digits) hexadecimal digits after '\\\(digits == 4 ? "u" : "U")'", at: pos)
            }
            value = value << 4 | UInt32(h)
            pos += 1
        }
        guard Unicode.Scalar(value) != nil else {
            throw failure("escape does not denote a Unicode scalar value (surrogate or above U+10FFFF)", at: escapeStart)
        }
        return value
    }

    @inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    mutating func appendUTF8(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(v))
        } else if v < 0x800 {
            scratch.append(UInt8(0xC0 | (v >> 6)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            scratch.append(UInt8(0xE0 | (v >> 12)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (v >> 18)))
            scratch.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Parses `"…"` with an optional language tag or datatype.
    mutating func parseLiteral() throws -> Literal {
        let open = pos
        let start = pos + 1
        let p = base, e = end, table = literalTable
        var seen: UInt8 = 0
        let i = NTriplesByteClass.skipPlain(table, p, start, e, seen: &seen)
        pos = i
        var lexical: String? = nil
        if i < e {
            let cls = table[Int(p[i])]
            if cls == NTriplesByteClass.close {
                pos = i + 1
                lexical = try makeString(
                    UnsafeBufferPointer(start: p + start, count: i - start), open: open, ascii: seen < 0x80)
            } else if cls == NTriplesByteClass.backslash {
                lexical = try parseStringWithEscapes(open: open, start: start)
            } else {
                throw failure("expected '\"' to close the string before the end of the line", at: i)
            }
        }
        guard let lexical else {
            throw failure("expected '\"' to close the string", at: pos)
        }
        if pos < end {
            let c = base[pos]
            if c == UInt8(ascii: "@") {
                return Literal(lexical, language: try parseLanguageTag())
            }
            if c == UInt8(ascii: "^") {
                guard pos + 2 < end, base[pos + 1] == UInt8(ascii: "^"), base[pos + 2] == UInt8(ascii: "<") else {
                    throw failure("expected '^^<' to introduce the literal's datatype IRI", at: pos)
                }
                pos += 2
                return Literal(lexical, datatype: try parseIRI())
            }
        }
        return Literal(lexical)
    }

    /// Slow path of `parseLiteral` once an escape is seen.
    mutating func parseStringWithEscapes(open: Int, start: Int) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        let table = literalTable
        while pos < end {
            let c = base[pos]
            let cls = table[Int(c)]
            if cls == NTriplesByteClass.plain {
                scratch.append(c)
                pos += 1
            } else if cls == NTriplesByteClass.close {
                pos += 1
                let bytes = scratch
                return try bytes.withUnsafeBufferPointer { try makeString($0, open: open, ascii: false) }
            } else if cls == NTriplesByteClass.backslash {
                let next: UInt8 = pos + 1 < end ? base[pos + 1] : 0
                var simple: UInt8 = 0
                switch next {
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "\""): simple = 0x22
                case UInt8(ascii: "'"): simple = 0x27
                case UInt8(ascii: "\\"): simple = 0x5C
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    appendUTF8(try parseNumericEscape())
                    continue
                default:
                    throw failure(
                        "invalid escape in a string (expected one of \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX)",
                        at: pos)
                }
                scratch.append(simple)
                pos += 2
            } else {
                throw failure("expected '\"' to close the string before the end of the line", at: pos)
            }
        }
        throw failure("expected '\"' to close the string", at: pos)
    }

    func makeString(_ bytes: UnsafeBufferPointer<UInt8>, open: Int, ascii: Bool) throws -> String {
        if !ascii && !Self.isValidUTF8(bytes) {
            throw failure("invalid UTF-8 in a string", at: firstInvalidUTF8(from: open))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `@lang(-subtag)*` at `pos` (which holds the `@`).
    mutating func parseLanguageTag() throws -> String {
        pos += 1
        let start = pos
        while pos < end && isASCIILetter(base[pos]) { pos += 1 }
        if pos == start {
            throw failure("expected a language tag of letters after '@'", at: pos)
        }
        while pos < end && base[pos] == UInt8(ascii: "-") {
            pos += 1
            let subtagStart = pos
            while pos < end && (isASCIILetter(base[pos]) || isDigit(base[pos])) { pos += 1 }
            if pos == subtagStart {
                throw failure("expected letters or digits after '-' in the language tag", at: pos)
            }
        }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
    }

    @inline(__always) func isASCIILetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    /// Parses `_:label` at `pos` and returns the label without `_:`.
    mutating func parseBlankNodeLabel() throws -> String {
        guard pos + 1 < end, base[pos + 1] == UInt8(ascii: ":") else {
            throw failure("expected '_:' to start a blank node label", at: pos)
        }
        pos += 2
        let start = pos
        // First character: PN_CHARS_U or a digit.
        guard pos < end else { throw failure("expected a blank node label after '_:'", at: pos) }
        let first = base[pos]
        if first < 0x80 {
            guard isASCIILetter(first) || isDigit(first) || first == UInt8(ascii: "_") else {
                throw failure("expected a letter, digit or '_' to start the blank node label", at: pos)
            }
            pos += 1
        } else {
            guard let (scalar, length) = decodeScalar(at: pos) else {
                throw failure("invalid UTF-8 in a blank node label", at: pos)
            }
            guard Self.isPNCharsBase(scalar) else {
                throw failure("expected a letter, digit or '_' to start the blank node label", at: pos)
            }
            pos += length
        }
        // Then (PN_CHARS | '.')*, not ending in '.'.
        var lastNonDot = pos
        while pos < end {
            let c = base[pos]
            if c < 0x80 {
                if isASCIILetter(c) || isDigit(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") {
                    pos += 1
                    lastNonDot = pos
                } else if c == UInt8(ascii: ".") {
                    pos += 1
                } else {
                    break
                }
            } else {
                guard let (scalar, length) = decodeScalar(at: pos) else {
                    throw failure("invalid UTF-8 in a blank node label", at: pos)
                }
                guard Self.isPNChars(scalar) else { break }
                pos += length
                lastNonDot = pos
            }
        }
        // Trailing dots belong to the triple's terminator, not to the label.
        pos = lastNonDot
        let bytes = UnsafeBufferPointer(start: base + start, count: pos - start)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// PN_CHARS_BASE for a non-ASCII scalar.
    static func isPNCharsBase(_ v: UInt32) -> Bool {
        switch v {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
             0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default:
            return false
        }
    }

    /// PN_CHARS for a non-ASCII scalar.
    static func isPNChars(_ v: UInt32) -> Bool {
        isPNCharsBase(v) || v == 0xB7 || (0x300...0x36F).contains(v) || (0x203F...0x2040).contains(v)
    }

    // MARK: UTF-8

    /// Decodes one UTF-8 scalar at `p`, rejecting overlong forms, surrogates,
    /// values above U+10FFFF and sequences cut by the buffer end.
    func decodeScalar(at p: Int) -> (UInt32, Int)? {
        let b0 = base[p]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        @inline(__always) func cont(_ i: Int) -> UInt32? {
            guard p + i < end else { return nil }
            let b = base[p + i]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard let c1 = cont(1) else { return nil }
            return (UInt32(b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard let c1 = cont(1), let c2 = cont(2) else { return nil }
            let v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            if v < 0x800 || (v >= 0xD800 && v <= 0xDFFF) { return nil }
            return (v, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return nil }
            let v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if v < 0x10000 || v > 0x10FFFF { return nil }
            return (v, 4)
        }
        return nil
    }

    /// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates
    /// or values above U+10FFFF; RFC 3629).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i &+= 1; continue }
            @inline(__always) func isCont(_ k: Int) -> Bool { k < n && bytes[k] & 0xC0 == 0x80 }
            if b0 >= 0xC2 && b0 <= 0xDF {
                guard isCont(i + 1) else { return false }
                i &+= 2
            } else if b0 >= 0xE0 && b0 <= 0xEF {
                guard isCont(i + 1), isCont(i + 2) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b0 == 0xED && b1 > 0x9F { return false }  // surrogate
                i &+= 3
            } else if b0 >= 0xF0 && b0 <= 0xF4 {
                guard isCont(i + 1), isCont(i + 2), isCont(i + 3) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b0 == 0xF4 && b1 > 0x8F { return false }  // above U+10FFFF
                i &+= 4
            } else {
                return false
            }
        }
        return true
    }

    /// The position of the first invalid UTF-8 sequence at or after `p`
    /// (only called to report an error).
    func firstInvalidUTF8(from p: Int) -> Int {
        var i = p
        while i < end {
            guard let (_, length) = decodeScalar(at: i) else { return i }
            i += length
        }
        return i
    }

    // MARK: Errors

    /// The location of byte `p` of the current buffer (column counted in characters).
    func location(_ p: Int) -> SourceLocation {
        var column = 1
        var i = lineStart
        let stop = min(p, end)
        while i < stop {
            if base[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(file: documentName, line: line, column: column)
    }

    func failure(_ expected: String, at p: Int) -> RDFParseError {
        .syntax(location(p), message: expected)
    }
}

extension String {
    /// `U+00XX` for a control byte in error messages.
    fileprivate init(codePointLabel c: UInt8) {
        let hex = String(c, radix: 16, uppercase: true)
        self = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
