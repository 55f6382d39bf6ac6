import Foundation
import Server
import Testing

/// The hand-written JSON of the hot endpoints parses back to what was written.
@Suite struct JSONWriterTests {
    @Test func stringsNumbersAndNestingRoundTrip() throws {
        let awkward = "quote \" backslash \\ newline \n tab \t cr \r bell \u{07} nul \u{00} é ünïcödé 😀 </script>"
        var w = JSONWriter()
        w.beginObject()
        w.key(awkward); w.string(awkward)
        w.key("n"); w.integer(-42)
        w.key("x"); w.number(0.1)
        w.key("tiny"); w.number(1e-300)
        w.key("inf"); w.number(Double.infinity)
        w.key("f"); w.number(Float(0.32133329))
        w.key("fnan"); w.number(Float.nan)
        w.key("none"); w.string(nil)
        w.key("flag"); w.bool(true)
        w.key("list")
        w.beginArray()
        w.integer(1)
        w.beginObject(); w.endObject()
        w.beginArray(); w.endArray()
        w.string("")
        w.endArray()
        w.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any])
        #expect(object[awkward] as? String == awkward)
        #expect(object["n"] as? Int == -42)
        #expect(object["x"] as? Double == 0.1)
        #expect(object["tiny"] as? Double == 1e-300)
        #expect(object["inf"] is NSNull)
        #expect((object["f"] as? Double).map(Float.init) == Float(0.32133329))
        #expect(String(decoding: w.bytes, as: UTF8.self).contains("\"f\":0.3213333,"))
        #expect(object["fnan"] is NSNull)
        #expect(object["none"] is NSNull)
        #expect(object["flag"] as? Bool == true)
        #expect((object["list"] as? [Any])?.count == 4)
    }

    @Test func rawValuesAreEmbeddedAsIsWithCommas() throws {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.raw(Array(#"{"x":[1,2],"s":"t\"u"}"#.utf8))
        w.key("b"); w.raw("[true,null]")
        w.key("c"); w.integer(3)
        w.key("list"); w.beginArray(); w.raw("1"); w.raw(#""two""#); w.endArray()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":{"x":[1,2],"s":"t\"u"},"b":[true,null],"c":3,"list":[1,"two"]}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any])
        #expect((object["a"] as? [String: Any])?["s"] as? String == "t\"u")
        #expect((object["list"] as? [Any])?.count == 2)
    }
}
