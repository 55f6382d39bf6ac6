import Foundation

/// Splits BIF text into tokens, skipping whitespace, `//` line comments and `/* */` block comments
/// (comment markers inside quoted strings are text). Tracks line and column for error messages.
struct BIFLexer {
    /// The input followed by one NUL byte (so `strtod` always stops inside the buffer); valid for
    /// the duration of one `BIFReader.parse` call, which owns the storage.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Length of the input proper (without the NUL).
    private let end: Int
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    let file: String?

    /// `bytes` must end with a NUL byte that is not part of the input.
    init(nulTerminated bytes: UnsafeBufferPointer<UInt8>, file: String?) {
        precondition(bytes.last == 0, "the buffer must end with NUL")
        self.bytes = bytes
        self.end = bytes.count - 1
        self.file = file
    }

    /// A number (or punctuation, or end of input) read straight from the bytes, without making
    /// a String: the hot path of probability tables.
    enum NumberToken {
        case number(Double)
        case other(BIFToken)
    }

    mutating func nextNumber() throws -> NumberToken {
        try skipTrivia()
        guard pos < end else { return .other(try next()) }
        let c = bytes[pos]
        if Self.isPunctuation(c) || c == UInt8(ascii: "\"") { return .other(try next()) }
        let start = pos
        var stop = pos
        while stop < end {
            let b = bytes[stop]
            if Self.isSpace(b) || Self.isPunctuation(b) || b == UInt8(ascii: "\"") || startsComment(at: stop) { break }
            stop += 1
        }
        let value: Double? = {
            let base = UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self)
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &endPtr)
            guard let endPtr, UnsafeRawPointer(endPtr) == UnsafeRawPointer(bytes.baseAddress! + stop) else { return nil }
            return v
        }()
        if let value {
            pos = stop
            return .number(value)
        }
        return .other(try next())
    }

    func position(of token: BIFToken) -> TextPosition {
        TextPosition(file: file, line: token.line, column: token.column)
    }

    var currentPosition: TextPosition {
        TextPosition(file: file, line: line, column: pos - lineStart + 1)
    }

    @inline(__always)
    private static func isPunctuation(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ";"), UInt8(ascii: ","),
             UInt8(ascii: "|"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B
    }

    @inline(__always)
    private func startsComment(at i: Int) -> Bool {
        bytes[i] == UInt8(ascii: "/") && i + 1 < end
            && (bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "*"))
    }

    private mutating func skipTrivia() throws {
        while pos < end {
            let c = bytes[pos]
            if c == 0x0A {
                pos += 1
                line += 1
                lineStart = pos
            } else if Self.isSpace(c) {
                pos += 1
            } else if startsComment(at: pos) {
                if bytes[pos + 1] == UInt8(ascii: "/") {
                    while pos < end && bytes[pos] != 0x0A { pos += 1 }
                } else {
                    let start = currentPosition
                    pos += 2
                    var closed = false
                    while pos < end {
                        if bytes[pos] == UInt8(ascii: "*"), pos + 1 < end, bytes[pos + 1] == UInt8(ascii: "/") {
                            pos += 2
                            closed = true
                            break
                        }
                        if bytes[pos] == 0x0A { line += 1; lineStart = pos + 1 }
                        pos += 1
                    }
                    if !closed { throw BIFError.unexpectedEndOfFile(expected: "'*/' closing the comment", at: start) }
                }
            } else {
                return
            }
        }
    }

    mutating func next() throws -> BIFToken {
        try skipTrivia()
        let column = pos - lineStart + 1
        guard pos < end else {
            return BIFToken(kind: .endOfFile, text: "", line: line, column: column)
        }
        let c = bytes[pos]
        if Self.isPunctuation(c) {
            pos += 1
            return BIFToken(kind: .punctuation(c), text: "", line: line, column: column)
        }
        if c == UInt8(ascii: "\"") {
            let startLine = line
            pos += 1
            let start = pos
            while pos < end && bytes[pos] != UInt8(ascii: "\"") {
                if bytes[pos] == 0x0A { line += 1; lineStart = pos + 1 }
                pos += 1
            }
            guard pos < end else {
                throw BIFError.unexpectedEndOfFile(expected: "'\"' closing the string",
                                                   at: TextPosition(file: file, line: startLine, column: column))
            }
            let text = try decode(start, pos, line: startLine, column: column)
            pos += 1
            return BIFToken(kind: .quoted, text: text, line: startLine, column: column)
        }
        let start = pos
        while pos < end {
            let b = bytes[pos]
            if Self.isSpace(b) || Self.isPunctuation(b) || b == UInt8(ascii: "\"") || startsComment(at: pos) { break }
            pos += 1
        }
        return BIFToken(kind: .word, text: try decode(start, pos, line: line, column: column), line: line, column: column)
    }

    private func decode(_ from: Int, _ to: Int, line: Int, column: Int) throws -> String {
        var ascii = true
        for i in from..<to where bytes[i] >= 0x80 { ascii = false; break }
        if !ascii {
            guard let s = String(validating: bytes[from..<to], as: UTF8.self) else {
                throw BIFError.invalidEncoding(TextPosition(file: file, line: line, column: column))
            }
            return s
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }
}
