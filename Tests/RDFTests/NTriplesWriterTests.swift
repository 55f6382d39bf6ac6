import Foundation
import Testing
@testable import RDF
import TestSupport

@Suite("NTriplesWriter")
struct NTriplesWriterTests {
    static let s = Term.iri("http://example.org/s")
    static let p = "http://example.org/p"

    func line(_ object: Term) -> String {
        NTriplesWriter.serialize(Triple(Self.s, Self.p, object))
    }

    @Test("canonical layout: single spaces, ' .' and LF")
    func layout() {
        #expect(NTriplesWriter.serialize(Triple(.blank("b0"), Self.p, .iri("http://example.org/o")))
                == "_:b0 <http://example.org/p> <http://example.org/o> .\n")
    }

    @Test("literals: xsd:string implicit, language tags, datatypes")
    func literals() {
        #expect(line(.literal(Literal("x"))) == "<http://example.org/s> <http://example.org/p> \"x\" .\n")
        #expect(line(.literal(Literal("x", datatype: Vocabulary.xsdString))) == line(.literal(Literal("x"))))
        #expect(line(.literal(Literal("chat", language: "fr-CA"))).hasSuffix(" \"chat\"@fr-CA .\n"))
        #expect(line(.literal(Literal("1", datatype: Vocabulary.xsd + "integer")))
                .hasSuffix(" \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"))
    }

    @Test("literal escaping follows canonical N-Triples")
    func literalEscaping() {
        #expect(NTriplesWriter.serialize(.literal(Literal("a\"b\\c\nd\re"))) == #""a\"b\\c\nd\re""#)
        #expect(NTriplesWriter.serialize(.literal(Literal("\t\u{8}\u{C}"))) == #""\t\b\f""#)
        #expect(NTriplesWriter.serialize(.literal(Literal("0123456789abcdefgh\"0123456789\n")))
                == #""0123456789abcdefgh\"0123456789\n""#)
        #expect(NTriplesWriter.serialize(.literal(Literal("\u{0}\u{1}\u{1F}\u{7F}\u{B}"))) == #""\u0000\u0001\u001F\u007F\u000B""#)
        // Every control character, as in the RDF 1.2 canonicalisation of literal_all_controls.nt.
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        #expect(NTriplesWriter.serialize(.literal(Literal(controls))) ==
                #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F"#
                + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F""#)
        // Everything else is written directly, never as \u.
        #expect(NTriplesWriter.serialize(.literal(Literal("é 😀 ' < > {}"))) == "\"é 😀 ' < > {}\"")
    }

    @Test("IRI characters that IRIREF forbids are written as \\u escapes")
    func iriEscaping() {
        #expect(NTriplesWriter.serialize(.iri("http://example.org/a b<c>\"d{e}|^`\\")) ==
                #"<http://example.org/a\u0020b\u003Cc\u003E\u0022d\u007Be\u007D\u007C\u005E\u0060\u005C>"#)
        #expect(NTriplesWriter.serialize(.iri("http://example.org/é")) == "<http://example.org/é>")
        #expect(NTriplesWriter.serialize(.iri("http://example.org/0123456789abcdef/a b")) ==
                #"<http://example.org/0123456789abcdef/a\u0020b>"#)
    }

    @Test("blank node labels are kept when valid and encoded one-to-one otherwise")
    func blankLabels() {
        #expect(NTriplesWriter.serialize(.blank("genid12")) == "_:genid12")
        #expect(NTriplesWriter.serialize(.blank("a.b-c_d")) == "_:a.b-c_d")
        #expect(NTriplesWriter.serialize(.blank("é1")) == "_:é1")
        let unsafe = ["a.", "-a", ".a", "a b", "a:b", "", "x_61"]
        let encoded = unsafe.map { NTriplesWriter.serialize(Term.blank($0)) }
        #expect(encoded[0] == "_:x_612e")
        #expect(Set(encoded).count == unsafe.count)
        #expect(!encoded.contains("_:x_61"))
        // Every encoded label parses back as a blank node.
        for (label, text) in zip(unsafe, encoded) {
            var sink = CollectingSink()
            #expect(throws: Never.self, "\(label)") {
                try NTriplesParser().parse(string: "\(text) <http://example.org/p> \"x\" .", into: &sink)
            }
        }
    }

    @Test("parse → write → parse is the identity")
    func roundTrip() throws {
        let triples = [
            Triple(.iri("http://example.org/ü s"), Self.p, .literal(Literal("multi\nline \"quoted\" \\ tab\t nul\u{0}"))),
            Triple(.blank("b.1"), Self.p, .literal(Literal("x", language: "en-GB"))),
            Triple(.blank("b.1"), Self.p, .literal(Literal("😀", datatype: "http://example.org/dt#x"))),
            Triple(Self.s, Self.p, .blank("b.1")),
        ]
        let text = triples.map(NTriplesWriter.serialize).joined()
        var sink = CollectingSink()
        try NTriplesParser().parse(string: text, into: &sink)
        #expect(sink.triples == triples)
    }

    @Test("round trip of every positive W3C N-Triples test")
    func conformanceRoundTrip() throws {
        for test in ConformanceTest.load(suite: "ntriples") where test.kind == .positiveSyntax {
            let triples = try GraphIsomorphism.parseNTriples(test.input)
            let text = triples.map(NTriplesWriter.serialize).joined()
            var sink = CollectingSink()
            try NTriplesParser().parse(string: text, into: &sink)
            #expect(sink.triples == triples, "\(test.name)")
        }
    }

    @Test("buffered writes to a file descriptor flush in blocks and at the end")
    func fileDescriptor() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ntwriter-\(UUID().uuidString).nt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = NTriplesWriter(fileDescriptor: fd, bufferCapacity: 4096)
        var expected = ""
        for i in 0..<2000 {
            let t = Triple(.iri("http://example.org/s\(i)"), Self.p, .literal(Literal("value \(i)", language: "en")))
            try writer.consume(t)
            expected += NTriplesWriter.serialize(t)
        }
        #expect(writer.output.count < 4096 + 200)
        try writer.flush()
        close(fd)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test("with no file descriptor the writer collects the document in memory")
    func inMemory() throws {
        var writer = NTriplesWriter(fileDescriptor: -1, bufferCapacity: 4096)
        var expected = ""
        for i in 0..<500 {
            let t = Triple(.blank("b\(i)"), Self.p, .iri("http://example.org/o\(i)"))
            try writer.consume(t)
            expected += NTriplesWriter.serialize(t)
        }
        try writer.flush()
        #expect(String(decoding: writer.output.bytes, as: UTF8.self) == expected)
    }

    @Test("a failing write is reported")
    func writeFailure() {
        var writer = NTriplesWriter(fileDescriptor: 987_654, bufferCapacity: 4096)
        #expect(throws: OutputError.self) {
            try writer.consume(Triple(Self.s, Self.p, .literal(Literal("x"))))
            try writer.flush()
        }
    }
}
