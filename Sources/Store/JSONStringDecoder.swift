/// Decodes one JSON string literal (RFC 8259 §7) from UTF-8 bytes: every escape, `\uXXXX`
/// included, with UTF-16 surrogate pairs joined into one scalar; a failure names its kind and the
/// byte where it was found.
///
/// The parsers of event lines (``FeedbackEventReader``) and of request bodies (the server's plain
/// JSON fast path) share it; `package`, so it is not part of the Store library's API. A string
/// without escapes becomes a `String` straight from the input bytes (no buffer in between); only a
/// string with escapes is decoded into a buffer first.
package enum JSONStringDecoder {
    /// What to do with content that is not valid UTF-8.
    package enum InvalidUTF8: Sendable {
        /// Replace each ill-formed sequence with U+FFFD.
        case repair
        /// Fail with ``Problem/invalidUTF8``.
        case reject
    }

    /// Why a string literal could not be decoded.
    package enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// A byte below 0x20, which JSON requires to be escaped.
        case controlCharacter
        /// The input ends before the closing quote.
        case unterminated
        /// `\` followed by this byte, which starts no JSON escape.
        case unknownEscape(UInt8)
        /// `\u` with fewer than four bytes after it.
        case shortUnicodeEscape
        /// `\u` followed by something other than four hex digits.
        case badUnicodeEscape
        /// A `\u` escape of a UTF-16 surrogate that is not half of a high–low pair.
        case unpairedSurrogate
        /// The content is not valid UTF-8 (with ``InvalidUTF8/reject`` only).
        case invalidUTF8

        package var description: String {
            switch self {
            case .controlCharacter: return "control character in a string"
            case .unterminated: return "unterminated string"
            case .unknownEscape(let byte): return "unknown escape '\\\(Character(Unicode.Scalar(byte)))'"
            case .shortUnicodeEscape: return "short \\u escape"
            case .badUnicodeEscape: return "bad \\u escape"
            case .unpairedSurrogate: return "unpaired surrogate escape"
            case .invalidUTF8: return "invalid UTF-8 in a string"
            }
        }
    }

    /// A string literal that could not be decoded.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package let problem: Problem
        /// Index in the input of the byte where the problem was found: the control character; the
        /// end for ``Problem/unterminated``; the byte after `\` for ``Problem/unknownEscape(_:)``;
        /// the `u` of a short or bad `\u` escape; the last hex digit of the offending escape for
        /// ``Problem/unpairedSurrogate``; the first byte after the opening quote for ``Problem/invalidUTF8``.
        package let offset: Int

        package init(_ problem: Problem, at offset: Int) {
            self.problem = problem
            self.offset = offset
        }

        package var description: String { "\(problem) at byte \(offset)" }
    }

    /// Decodes the string literal whose opening quote is at `bytes[quote]`, reading no byte at or
    /// after `end`.
    /// - Returns: the string and the index just after its closing quote.
    package static func decode(_ bytes: UnsafeRawBufferPointer, openingQuote quote: Int, end: Int,
                              invalidUTF8: InvalidUTF8) throws(Failure) -> (string: String, next: Int) {
        precondition(quote >= 0 && quote < end && end <= bytes.count, "the opening quote must lie before end, within the input")
        let start = quote + 1
        var k = start
        // Fast path: no escapes; the String is made from the input bytes directly.
        while k < end {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw Failure(.controlCharacter, at: k) }
            k += 1
        }
        guard k < end else { throw Failure(.unterminated, at: end) }
        if bytes[k] == UInt8(ascii: "\"") {
            return (try string(UnsafeRawBufferPointer(rebasing: bytes[start..<k]), invalidUTF8, start), k + 1)
        }
        var text: [UInt8] = []
        text.reserveCapacity(k - start + 16)
        text.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<k]))
        while k < end {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") {
                return (try string(text, invalidUTF8, start), k + 1)
            }
            if b < 0x20 { throw Failure(.controlCharacter, at: k) }
            if b != UInt8(ascii: "\\") {
                text.append(b)
                k += 1
                continue
            }
            k += 1
            guard k < end else { break }
            switch bytes[k] {
            case UInt8(ascii: "\""): text.append(0x22)
            case UInt8(ascii: "\\"): text.append(0x5C)
            case UInt8(ascii: "/"): text.append(0x2F)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(bytes, u: k, end: end)
                k += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard k + 2 < end, bytes[k + 1] == UInt8(ascii: "\\"), bytes[k + 2] == UInt8(ascii: "u") else {
                        throw Failure(.unpairedSurrogate, at: k)
                    }
                    k += 2
                    let low = try hex4(bytes, u: k, end: end)
                    k += 4
                    guard (0xDC00..<0xE000).contains(low) else { throw Failure(.unpairedSurrogate, at: k) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Failure(.unpairedSurrogate, at: k)
                }
                appendUTF8(of: scalar, to: &text)
            default:
                throw Failure(.unknownEscape(bytes[k]), at: k)
            }
            k += 1
        }
        throw Failure(.unterminated, at: end)
    }

    /// The value of the four hex digits after the `u` at `bytes[u]`.
    private static func hex4(_ bytes: UnsafeRawBufferPointer, u: Int, end: Int) throws(Failure) -> UInt32 {
        guard u + 4 < end else { throw Failure(.shortUnicodeEscape, at: u) }
        var v: UInt32 = 0
        for t in 1...4 {
            let b = bytes[u + t]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw Failure(.badUnicodeEscape, at: u)
            }
            v = v << 4 | d
        }
        return v
    }

    /// Appends the UTF-8 encoding of `scalar` (a Unicode scalar value: not a surrogate, at most 0x10FFFF).
    private static func appendUTF8(of scalar: UInt32, to text: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            text.append(UInt8(scalar))
        case ..<0x800:
            text.append(UInt8(0xC0 | scalar >> 6))
            text.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            text.append(UInt8(0xE0 | scalar >> 12))
            text.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            text.append(UInt8(0x80 | scalar & 0x3F))
        default:
            text.append(UInt8(0xF0 | scalar >> 18))
            text.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            text.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            text.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// `content` as a String; `start` is where it began in the input (for ``Problem/invalidUTF8``).
    private static func string(_ content: some Collection<UInt8>, _ invalidUTF8: InvalidUTF8, _ start: Int) throws(Failure) -> String {
        switch invalidUTF8 {
        case .repair:
            return String(decoding: content, as: UTF8.self)
        case .reject:
            guard let s = String(validating: content, as: UTF8.self) else { throw Failure(.invalidUTF8, at: start) }
            return s
        }
    }
}
