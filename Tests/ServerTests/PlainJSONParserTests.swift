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
    ])
    func acceptedBodiesParseExactlyAsJSONDecoderDoes(body: String) throws {
        let fast = try #require(Self.fast(body))
        #expect(fast == Self.full(body))
    }

    @Test(arguments: [
        "", "   ", "[]", "1", #""s""#, "{", #"{"a": }"#, #"{"a": 1,}"#, #"{"a": [1,]}"#, #"{"a" 1}"#, #"{"a": 01}"#,
        #"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": 1e}"#, #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": "x"} x"#,
        #"{"a": "\u00e9"}"#, "{\"a\": \"tab\there\"}", #"{"a": "\x"}"#, #"{"a": 1, "a": 2}"#, #"{"a": NaN}"#, #"{"a": 1e999}"#,
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func everythingElseFallsBackToTheFullDecoder(body: String) {
        #expect(Self.fast(body) == nil)
    }

    @Test func invalidUTF8FallsBack() {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(bytes.withUnsafeBytes { PlainJSONParser.parseObject($0) } == nil)
    }
}
