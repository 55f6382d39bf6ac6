import Store
import Testing

/// ``JSONStringDecoder``: every JSON escape, surrogate pairs, and each failure with its kind and
/// the byte where it was found.
@Suite struct JSONStringDecoderTests {
    typealias Failure = JSONStringDecoder.Failure

    /// Decodes the literal at the start of `bytes` (its opening quote at 0), reading up to `end` (default: all).
    static func decode(_ bytes: [UInt8], end: Int? = nil, invalidUTF8: JSONStringDecoder.InvalidUTF8 = .reject) -> Result<(string: String, next: Int), Failure> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(Failure) in try JSONStringDecoder.decode(raw, openingQuote: 0, end: end ?? raw.count, invalidUTF8: invalidUTF8) }
        }
    }

    static func decode(_ text: String, end: Int? = nil) -> Result<(string: String, next: Int), Failure> {
        decode(Array(text.utf8), end: end)
    }

    static func failure(_ text: String) -> Failure? {
        if case .failure(let f) = decode(text) { return f }
        return nil
    }

    @Test(arguments: [
        (#""""#, "", 2),
        (#""plain text""#, "plain text", 12),
        (#""naïve ☃ 😀""#, "naïve ☃ 😀", 17),
        (#""quote \" backslash \\ slash \/""#, #"quote " backslash \ slash /"#, 32),
        (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t", 12),
        (#""\u0041\u00e9\u00E9\u20ac\uFFFF""#, "Aéé€\u{FFFF}", 32),
        (#""nul \u0000 end""#, "nul \u{0} end", 16),
        (#""\ud83d\ude00 \uD834\uDD1E \udbff\udfff""#, "😀 𝄞 \u{10FFFF}", 40),
        (#""raw é then \u00e9""#, "raw é then é", 20),
        (#""first" "second""#, "first", 7),  // stops at the closing quote
    ])
    func decodesEveryEscape(literal: String, expected: String, next: Int) throws {
        let (string, after) = try Self.decode(literal).get()
        #expect(string == expected)
        #expect(Array(string.utf8) == Array(expected.utf8))  // the same scalars, not just canonically equal
        #expect(after == next)
    }

    @Test func decodesALiteralInsideLargerInput() throws {
        let bytes = Array(#"{"key": "v\u00e9", "next": 1}"#.utf8)
        let (string, next) = try bytes.withUnsafeBytes { raw in
            try JSONStringDecoder.decode(raw, openingQuote: 8, end: raw.count, invalidUTF8: .reject)
        }
        #expect(string == "vé" && next == 17 && bytes[next] == UInt8(ascii: ","))
    }

    @Test func surrogatesMustComeAsHighLowPairs() {
        // Offsets: the opening quote is byte 0, so the first escape's last hex digit is byte 6.
        #expect(Self.failure(#""\ud83d""#) == Failure(.unpairedSurrogate, at: 6))  // high, then the closing quote
        #expect(Self.failure(#""\ud83dx""#) == Failure(.unpairedSurrogate, at: 6))  // high, then a character
        #expect(Self.failure(#""\ud83d\n""#) == Failure(.unpairedSurrogate, at: 6))  // high, then another escape
        #expect(Self.failure(#""\ude00""#) == Failure(.unpairedSurrogate, at: 6))  // low alone
        #expect(Self.failure(#""ab\ude00\ud83d""#) == Failure(.unpairedSurrogate, at: 8))  // low, then high: reversed
        #expect(Self.failure(#""\ud83d\u0041""#) == Failure(.unpairedSurrogate, at: 12))  // high, then not a low
        #expect(Self.failure(#""\ud83d\ud83d""#) == Failure(.unpairedSurrogate, at: 12))  // high, then high
        #expect(Self.failure(#""\ud83d\u00""#) == Failure(.shortUnicodeEscape, at: 8))  // the low escape cut short
        #expect(Self.failure(#""\ud83d\uxyz0""#) == Failure(.badUnicodeEscape, at: 8))
    }

    @Test func rawControlCharactersAreRefused() throws {
        #expect(Self.failure("\"tab\there\"") == Failure(.controlCharacter, at: 4))
        #expect(Self.failure("\"\\n then raw \u{1}\"") == Failure(.controlCharacter, at: 13))  // after an escape (the slow path)
        #expect(Self.failure("\"\n\"") == Failure(.controlCharacter, at: 1))
        // DEL and bytes above it are not control characters to JSON.
        #expect(try Self.decode("\"\u{7F}\"").get().string == "\u{7F}")
    }

    @Test func badEscapes() {
        #expect(Self.failure(#""\x""#) == Failure(.unknownEscape(UInt8(ascii: "x")), at: 2))
        #expect(Self.failure(#""ok \U0041""#) == Failure(.unknownEscape(UInt8(ascii: "U")), at: 5))
        #expect(Self.failure(#""\u12G4""#) == Failure(.badUnicodeEscape, at: 2))
        #expect(Self.failure(#""\u-123""#) == Failure(.badUnicodeEscape, at: 2))
        #expect(Self.failure(#""\u12""#) == Failure(.shortUnicodeEscape, at: 2))  // four bytes needed before the end
        #expect(Self.failure(#""\u""#) == Failure(.shortUnicodeEscape, at: 2))
    }

    @Test func truncatedInputIsUnterminatedAtTheEnd() {
        #expect(Self.failure(#"""#) == Failure(.unterminated, at: 1))
        #expect(Self.failure(#""abc"#) == Failure(.unterminated, at: 4))
        #expect(Self.failure(#""ab\"#) == Failure(.unterminated, at: 4))  // a backslash as the last byte
        #expect(Self.failure(#""ab\""#) == Failure(.unterminated, at: 5))  // the quote is escaped
        #expect(Self.failure(#""\u00e9"#) == Failure(.unterminated, at: 7))
        #expect(Self.failure(#""\u00e"#) == Failure(.shortUnicodeEscape, at: 2))
        // `end` bounds the read even when the input goes on.
        guard case .failure(let f) = Self.decode(#""abc" and more"#, end: 3) else { Issue.record("read past end"); return }
        #expect(f == Failure(.unterminated, at: 3))
    }

    @Test func invalidUTF8IsRepairedOrRejected() throws {
        let verbatim: [UInt8] = [0x22, 0x41, 0xFF, 0x42, 0x22]
        #expect(try Self.decode(verbatim, invalidUTF8: .repair).get().string == "A\u{FFFD}B")
        guard case .failure(let f) = Self.decode(verbatim, invalidUTF8: .reject) else { Issue.record("accepted 0xFF"); return }
        #expect(f == Failure(.invalidUTF8, at: 1))
        // A lead byte left incomplete by the escape after it: invalid in the decoded text too.
        let escaped: [UInt8] = [0x22, 0xC3] + Array(#"\u00a9""#.utf8)
        #expect(try Self.decode(escaped, invalidUTF8: .repair).get().string == "\u{FFFD}©")
        guard case .failure(let g) = Self.decode(escaped, invalidUTF8: .reject) else { Issue.record("accepted 0xC3"); return }
        #expect(g == Failure(.invalidUTF8, at: 1))
    }

    @Test func messagesNameTheProblem() {
        #expect("\(JSONStringDecoder.Problem.unknownEscape(UInt8(ascii: "q")))" == #"unknown escape '\q'"#)
        #expect("\(JSONStringDecoder.Problem.shortUnicodeEscape)" == #"short \u escape"#)
        #expect("\(Failure(.unterminated, at: 9))" == "unterminated string at byte 9")
    }
}
