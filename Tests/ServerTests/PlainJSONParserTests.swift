import Foundation
import Testing
@testable import Server

/// The plain-JSON fast-path parser gives exactly what `JSONDecoder` gives for every body it accepts,
/// and gives up on everything it does not handle (so the full decoder reports the error).
@Suite struct PlainJSONParserTests {
    static func fast(_ text: String) -> [String: JSONValue]? {
        Array(text.utf8).withUnsafeBytes { PlainJSONParser.parseObject($0) }
    }

    static func full(_ text: String) -> [String: JSONValue]? {
        guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        return o
    }

    @Test(arguments: [
        #"{"events": [{"event_id": "a1", "user": "1", "item": "11", "kind": "like", "timestamp": 1000}, {"event_id": "a2", "user": 7, "item": "12", "kind": "rating", "value": 4.5, "timestamp": 1.7e9}]}"#,
        #"{"event_id":"x","user":"1","item":"11","kind":"view","value":null,"timestamp":-12}"#,
        " \n\t{ \"a\" : [ ] , \"b\" : { } , \"c\" : true , \"d\" : false , \"e\" : -0.25E-3 , \"f\" : 123456789012345678 }\r\n",
        #"{"s": "quote \" backslash \\ slash \/ tab \t newline \n", "é": "naïve ☃"}"#,
        #"{"n": [0, -0, 1e2, 2.5, 999999999999999, 1000000000000000, 12.0e+1]}"#,
        #"{"a": "\u00e9"}"#,
        #"{"s": "\u00e9\u00E9 \ud83d\ude00 \uD834\uDD1E \u0000 \u001f \u20ac \uFEFF \uFFFF", "\u006b": ["\"\u005c"]}"#,
    ])
    func acceptedBodiesParseExactlyAsJSONDecoderDoes(body: String) throws {
        let fast = try #require(Self.fast(body))
        #expect(fast == Self.full(body))
    }

    @Test(arguments: [
        "", "   ", "[]", "1", #""s""#, "{", #"{"a": }"#, #"{"a": 1,}"#, #"{"a": [1,]}"#, #"{"a" 1}"#, #"{"a": 01}"#,
        #"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": 1e}"#, #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": "x"} x"#,
        "{\"a\": \"tab\there\"}", #"{"a": "\x"}"#, #"{"a": 1, "a": 2}"#, #"{"a": NaN}"#, #"{"a": 1e999}"#,
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
        // Escapes JSONDecoder refuses: unpaired surrogates, short or bad \u; and a key duplicated once unescaped.
        #"{"a": "\ud800"}"#, #"{"a": "\udc00 x"}"#, #"{"a": "\ud800\u0041"}"#, #"{"a": "\u12"}"#, #"{"a": "\u12G4"}"#,
        #"{"a": 1, "\u0061": 2}"#,
    ])
    func everythingElseFallsBackToTheFullDecoder(body: String) {
        #expect(Self.fast(body) == nil)
    }

    @Test func invalidUTF8FallsBack() {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(bytes.withUnsafeBytes { PlainJSONParser.parseObject($0) } == nil)
    }

    /// Strings of seeded random escapes and characters: whatever the fast path accepts, `JSONDecoder`
    /// accepts with the same value, so escapes never make the fast path decide what is an error.
    @Test func escapedStringsAgreeWithJSONDecoder() {
        let fragments = [
            #"\u00e9"#, #"\uD83D"#, #"\uDE00"#, #"\ud83d\ude00"#, #"\u0000"#, #"\u001F"#, #"\uFFFF"#, #"\uFEFF"#, #"\u0022"#,
            #"\u12"#, #"\u"#, #"\uG000"#, #"\\"#, #"\""#, #"\/"#, #"\n"#, #"\b\f\r\t"#, #"\x"#, "\u{1}", "é", "😀", "a", " ",
        ]
        var g = HostileInputTests.Generator(state: 7)
        var accepted = 0
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<(1 + g.below(5)) { text += fragments[g.below(fragments.count)] }
            let body = #"{"k": ""# + text + #"", "\#(text)": 1}"#
            guard let fast = Self.fast(body) else { continue }
            accepted += 1
            #expect(fast == Self.full(body), "\(body)")
            guard case .string(let s)? = fast["k"], case .string(let t)? = Self.full(body)?["k"] else { continue }
            #expect(Array(s.unicodeScalars) == Array(t.unicodeScalars), "\(body)")
        }
        #expect(accepted > 200)
    }
}
