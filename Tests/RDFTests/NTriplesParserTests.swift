import Foundation
import Testing
@testable import RDF

@Suite("NTriplesParser")
struct NTriplesParserTests {
    static let ex = "http://example.org/"

    func parse(_ text: String) throws -> [Triple] {
        var sink = CollectingSink()
        try NTriplesParser().parse(string: text, documentName: "test.nt", into: &sink)
        return sink.triples
    }

    /// The error thrown for `text`, or nil if it parses.
    func failure(_ text: String) -> RDFParseError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as RDFParseError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    func object(_ text: String) throws -> Term? {
        try parse("<http://example.org/s> <http://example.org/p> \(text) .\n").first?.object
    }

    func withTemporaryFile<R>(_ bytes: [UInt8], _ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ntparser-\(UUID().uuidString).nt").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    // MARK: Terms

    @Test("IRIs, blank nodes and the three kinds of literal")
    func terms() throws {
        let triples = try parse("""
            <http://example.org/s> <http://example.org/p> <http://example.org/o> .
            _:b1 <http://example.org/p> "plain" .
            <http://example.org/s> <http://example.org/p> "chat"@fr-CA .
            <http://example.org/s> <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://example.org/s> <http://example.org/p> _:b1 .
            """)
        #expect(triples == [
            Triple(.iri(Self.ex + "s"), Self.ex + "p", .iri(Self.ex + "o")),
            Triple(.blank("b1"), Self.ex + "p", .literal(Literal("plain"))),
            Triple(.iri(Self.ex + "s"), Self.ex + "p", .literal(Literal("chat", language: "fr-CA"))),
            Triple(.iri(Self.ex + "s"), Self.ex + "p",
                   .literal(Literal("42", datatype: "http://www.w3.org/2001/XMLSchema#integer"))),
            Triple(.iri(Self.ex + "s"), Self.ex + "p", .blank("b1")),
        ])
    }

    @Test("every string escape is decoded")
    func stringEscapes() throws {
        #expect(try object(#""a\tb\bc\nd\re\ff\"g\'h\\i""#) == .literal(Literal("a\tb\u{8}c\nd\re\u{C}f\"g'h\\i")))
        #expect(try object(#""\u00E9\u0000\U0001F600x""#) == .literal(Literal("é\u{0}😀x")))
        #expect(try object(#""caf\u00e9"@fr"#) == .literal(Literal("café", language: "fr")))
    }

    @Test("raw UTF-8 and raw control characters other than CR/LF are allowed in strings")
    func rawCharacters() throws {
        #expect(try object("\"Grüße \u{1F600}\t\u{1}\"") == .literal(Literal("Grüße \u{1F600}\t\u{1}")))
        let long = "0123456789abcdefgh Grüße 0123456789abcdefgh 😀 end"
        #expect(try object("\"\(long)\"@de") == .literal(Literal(long, language: "de")))
        #expect(try parse("<http://example.org/0123456789abcdefgh/ü> <http://example.org/p> \"x\" .").first?.subject
                == .iri("http://example.org/0123456789abcdefgh/ü"))
    }

    @Test("numeric escapes in IRIs are decoded")
    func iriEscapes() throws {
        let t = try parse("<http://example.org/\\u00E9\\U0001F600> <http://example.org/p> <http://example.org/\\u0053> .")
        #expect(t.first?.subject == .iri("http://example.org/é😀"))
        #expect(t.first?.object == .iri("http://example.org/S"))
    }

    @Test("blank node labels: dots inside, digits first, non-ASCII; a trailing dot ends the triple")
    func blankNodeLabels() throws {
        let t = try parse("""
            _:a.b.c <http://example.org/p> _:x.
            _:1st <http://example.org/p> _:d-e_f .
            _:é·‿ <http://example.org/p> _:x.y..z .
            """)
        #expect(t.map(\.subject) == [.blank("a.b.c"), .blank("1st"), .blank("é·‿")])
        #expect(t.map(\.object) == [.blank("x"), .blank("d-e_f"), .blank("x.y..z")])
    }

    @Test("comments, blank lines, tabs, CRLF, lone CR, a BOM and no final newline")
    func layout() throws {
        let text = "\u{FEFF}# header\r\n\r\n\t<http://example.org/s>\t<http://example.org/p> \"x\" . # trailing\r"
            + "<http://example.org/s><http://example.org/p>\"y\".\n   \n#only a comment"
            + "\n<http://example.org/s> <http://example.org/p> \"z\" ."
        let t = try parse(text)
        #expect(t.map(\.object) == [.literal(Literal("x")), .literal(Literal("y")), .literal(Literal("z"))])
        #expect(try parse("").isEmpty)
        #expect(try parse("\n\n# nothing\n").isEmpty)
    }

    // MARK: Errors

    @Test("errors carry file, line, column and what was expected")
    func errorLocation() {
        let text = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\r\n"
            + "# comment\n"
            + "<http://example.org/s> <http://example.org/p> \"é\" x\n"
        guard case .syntax(let loc, let message)? = failure(text) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(loc.file == "test.nt")
        #expect(loc.line == 3)
        #expect(loc.column == 51)
        #expect(message.contains("expected '.'"))
    }

    @Test("relative IRIs are rejected as invalid IRIs")
    func relativeIRIs() {
        for text in [
            "<s> <http://example.org/p> <http://example.org/o> .",
            "<http://example.org/s> <p> <http://example.org/o> .",
            "<http://example.org/s> <http://example.org/p> <#o> .",
            "<http://example.org/s> <http://example.org/p> \"x\"^^<dt> .",
        ] {
            guard case .invalidIRI(let loc, _, _)? = failure(text) else {
                Issue.record("expected an invalid-IRI error for \(text)")
                continue
            }
            #expect(loc.line == 1)
        }
    }

    @Test("syntax errors", arguments: [
        "<http://example.org/s> <http://example.org/p> <http://example.org/o>",  // no '.'
        "<http://example.org/s> <http://example.org/p> <http://example.org/o> . <http://example.org/s> <http://example.org/p> <http://example.org/o> .",
        "<http://example.org/s> <http://example.org/p> <http://example.org/o",  // unterminated IRI
        "<http://example.org/ s> <http://example.org/p> <http://example.org/o> .",
        "<http://example.org/s> <http://example.org/p> <http://example.org/{o}> .",
        "<http://example.org/s> <http://example.org/p> <http://example.org/\\n> .",
        "<http://example.org/s> <http://example.org/p> <http://example.org/\\u00G0> .",
        "<http://example.org/s> <http://example.org/p> \"unterminated .",
        "<http://example.org/s> <http://example.org/p> \"line\nbreak\" .",
        "<http://example.org/s> <http://example.org/p> \"bad \\x escape\" .",
        "<http://example.org/s> <http://example.org/p> \"\\uD800\" .",
        "<http://example.org/s> <http://example.org/p> \"\\U00110000\" .",
        "<http://example.org/s> <http://example.org/p> \"x\"@ .",
        "<http://example.org/s> <http://example.org/p> \"x\"@en- .",
        "<http://example.org/s> <http://example.org/p> \"x\"^<http://example.org/dt> .",
        "<http://example.org/s> <http://example.org/p> 'x' .",
        "<http://example.org/s> <http://example.org/p> 42 .",
        "\"x\" <http://example.org/p> <http://example.org/o> .",
        "<http://example.org/s> _:p <http://example.org/o> .",
        "_:-a <http://example.org/p> <http://example.org/o> .",
        "_:.a <http://example.org/p> <http://example.org/o> .",
        "_: <http://example.org/p> <http://example.org/o> .",
        "_:a:b <http://example.org/p> <http://example.org/o> .",
        "@prefix ex: <http://example.org/> .",
        "<http://example.org/s> <http://example.org/p> <http://example.org/o> ;",
    ])
    func syntaxErrors(_ text: String) {
        #expect(failure(text) != nil, "should be rejected: \(text)")
    }

    @Test("invalid UTF-8 is an error with its position")
    func invalidUTF8() throws {
        let prefix = Array("<http://example.org/s> <http://example.org/p> \"ab".utf8)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
            let bytes = prefix + bad + Array("\" .\n".utf8)
            try withTemporaryFile(bytes) { path in
                var sink = CountingSink()
                do {
                    try NTriplesParser().parse(fileAt: path, into: &sink)
                    Issue.record("invalid UTF-8 \(bad) accepted")
                } catch let RDFParseError.syntax(loc, message) {
                    #expect(loc.line == 1 && loc.column == 50, "\(bad): \(loc)")
                    #expect(message.contains("UTF-8"))
                }
            }
        }
        // Also in IRIs, comments and blank node labels.
        for bytes: [[UInt8]] in [
            [Array("<http://example.org/".utf8), [0xFE], Array("> <http://example.org/p> \"x\" .".utf8)],
            [Array("# comment ".utf8), [0xC3, 0x28]],
            [Array("<http://example.org/s> <http://example.org/p> \"0123456789abcdefgh".utf8), [0xC3, 0x28],
             Array("0123456789abcdefgh\" .".utf8)],
            [Array("<http://example.org/s> <http://example.org/p> <http://example.org/0123456789".utf8), [0xE2, 0x28, 0xA1],
             Array("0123456789abcdefgh> .".utf8)],
            [Array("_:a".utf8), [0xE2, 0x82], Array(" <http://example.org/p> \"x\" .".utf8)],
        ] {
            try withTemporaryFile(bytes.flatMap { $0 }) { path in
                var sink = CountingSink()
                #expect(throws: RDFParseError.self) { try NTriplesParser().parse(fileAt: path, into: &sink) }
            }
        }
    }

    @Test("a missing file is an I/O error")
    func missingFile() {
        var sink = CountingSink()
        #expect {
            try NTriplesParser().parse(fileAt: "/nonexistent/file.nt", into: &sink)
        } throws: { error in
            if case RDFParseError.io(let path, _) = error { return path == "/nonexistent/file.nt" }
            return false
        }
    }

    // MARK: Files and read boundaries

    @Test("lines straddling reads (tiny read buffers) parse as from a string, with the same error lines")
    func readBoundaries() throws {
        var text = ""
        for i in 0..<40 {
            let end = ["\n", "\r\n", "\r"][i % 3]
            text += "<http://example.org/s\(i)> <http://example.org/p> \"value \(i) é\\n\"@en .\(end)"
            if i % 7 == 0 { text += "# comment \(i)\(end)\(end)" }
            if i % 5 == 0 { text += "_:b\(i).x <http://example.org/q> _:c\(i) .\(end)" }
        }
        let expected = try parse(text)
        #expect(expected.count == 48)
        for chunk in [1, 2, 3, 5, 8, 13, 64, 1000] {
            var parser = NTriplesParser()
            parser.chunkSize = chunk
            var sink = CollectingSink()
            try withTemporaryFile(Array(text.utf8)) { try parser.parse(fileAt: $0, into: &sink) }
            #expect(sink.triples == expected, "chunk size \(chunk)")
        }
        // An error on the last line is reported on the same line whatever the read size.
        let broken = text + "<http://example.org/s> <http://example.org/p> oops .\n"
        let expectedLine = failure(broken)?.location?.line
        #expect(expectedLine != nil)
        for chunk in [1, 2, 7, 64] {
            var parser = NTriplesParser()
            parser.chunkSize = chunk
            var sink = CountingSink()
            try withTemporaryFile(Array(broken.utf8)) { path in
                do {
                    try parser.parse(fileAt: path, into: &sink)
                    Issue.record("accepted")
                } catch let error as RDFParseError {
                    #expect(error.location?.line == expectedLine, "chunk size \(chunk)")
                    #expect(error.location?.column == 47)
                }
            }
        }
    }

    @Test("a line longer than the configured limit is refused, not buffered")
    func lineLengthLimit() throws {
        var parser = NTriplesParser(maxLineLength: 64)
        parser.chunkSize = 16
        let long = "<http://example.org/s> <http://example.org/p> \"" + String(repeating: "x", count: 100) + "\" .\n"
        let short = "<http://example.org/s> <http://example.org/p> \"x\" .\n"
        try withTemporaryFile(Array((short + long).utf8)) { path in
            var sink = CountingSink()
            #expect {
                try parser.parse(fileAt: path, into: &sink)
            } throws: { error in
                guard case RDFParseError.limitExceeded(let loc, _, let value) = error else { return false }
                return loc.line == 2 && value == 64
            }
            #expect(sink.count == 1)
        }
        try withTemporaryFile(Array(short.utf8)) { path in
            var sink = CountingSink()
            try parser.parse(fileAt: path, into: &sink)
            #expect(sink.count == 1)
        }
    }

    @Test("a sink error stops the parse and is propagated unchanged")
    func sinkError() {
        struct Stop: Error {}
        var sink = ClosureSink { _ in throw Stop() }
        #expect(throws: Stop.self) {
            try NTriplesParser().parse(string: "<http://a/s> <http://a/p> <http://a/o> .\n", into: &sink)
        }
    }
}
