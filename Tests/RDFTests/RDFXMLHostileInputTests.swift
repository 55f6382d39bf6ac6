import Testing
import Foundation
import RDF

/// Hostile and broken RDF/XML: never a crash, a hang, a leak of local files or
/// unbounded memory; always an error naming the place and what was expected.
@Suite("RDF/XML hostile and bad input")
struct RDFXMLHostileInputTests {
    let base = "http://example.org/doc"

    private func parse(_ xml: String, options: RDFXMLParserOptions = .init()) throws -> [Triple] {
        var sink = CollectingSink()
        try RDFXMLParser(options: options).parse(string: xml, base: base, documentName: "test.rdf", into: &sink)
        return sink.triples
    }

    private func allText(_ triples: [Triple]) -> String {
        triples.map { "\($0)" }.joined(separator: "\n")
    }

    @Test("XXE: an external entity is never loaded into a triple")
    func externalEntityRefused() throws {
        // A file with a recognisable secret, referenced through a SYSTEM entity.
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-xxe-\(getpid()).txt")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file://\(secret.path)"> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
          <rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p></rdf:Description>
        </rdf:RDF>
        """
        var sink = CollectingSink()
        do {
            try RDFXMLParser().parse(string: xml, base: base, documentName: "xxe.rdf", into: &sink)
            Issue.record("parsing a document with an external entity reference must fail")
        } catch let e as RDFParseError {
            guard case .externalEntityRefused = e else {
                Issue.record("expected externalEntityRefused, got \(e)")
                return
            }
        }
        #expect(!allText(sink.triples).contains("TOP-SECRET"))
    }

    @Test("XXE in an attribute value and an external parameter entity are refused")
    func externalEntityInAttributeAndParameterEntity() throws {
        let inAttribute = """
        <!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
          <rdf:Description rdf:about="http://example.org/a" ex:p="&xxe;"/>
        </rdf:RDF>
        """
        #expect(throws: RDFParseError.self) { _ = try parse(inAttribute) }
        let parameter = """
        <!DOCTYPE rdf:RDF [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>
        """
        var sink = CollectingSink()
        let result = Result { try RDFXMLParser().parse(string: parameter, base: base, into: &sink) }
        // Either refused or parsed without reading the file: never any of its content.
        #expect(!allText(sink.triples).contains("root:"))
        if case .failure(let e) = result { #expect(e is RDFParseError) }
    }

    @Test("external DTD subset is not fetched")
    func externalDTDNotLoaded() throws {
        let xml = """
        <!DOCTYPE rdf:RDF SYSTEM "http://attacker.invalid/evil.dtd">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
          <rdf:Description rdf:about="http://example.org/a"><ex:p>ok</ex:p></rdf:Description>
        </rdf:RDF>
        """
        let triples = try parse(xml)
        #expect(triples.count == 1)
    }

    @Test("internal namespace entities are expanded, in xmlns values and attributes")
    func internalEntitiesExpanded() throws {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF [
          <!ENTITY rdf "http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <!ENTITY ex "http://example.org/">
        ]>
        <rdf:RDF xmlns:rdf="&rdf;" xmlns:ex="&ex;">
          <ex:Film rdf:about="&ex;film/1"><ex:genre rdf:resource="&ex;genre/SciFi"/><ex:note>&ex;x</ex:note></ex:Film>
        </rdf:RDF>
        """
        let triples = try parse(xml)
        #expect(triples.contains(Triple(.iri("http://example.org/film/1"), Vocabulary.rdfType, .iri("http://example.org/Film"))))
        #expect(triples.contains(Triple(.iri("http://example.org/film/1"), "http://example.org/genre", .iri("http://example.org/genre/SciFi"))))
        #expect(triples.contains(Triple(.iri("http://example.org/film/1"), "http://example.org/note", .literal(Literal("http://example.org/x")))))
    }

    private func billionLaughs(inAttribute: Bool) -> String {
        var decl = "<!ENTITY lol0 \"lollollollollollollollollollol\">\n"
        for i in 1...9 {
            decl += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n"
        }
        let use = inAttribute
            ? "<rdf:Description rdf:about=\"http://example.org/a\" ex:p=\"&lol9;\"/>"
            : "<rdf:Description rdf:about=\"http://example.org/a\"><ex:p>&lol9;</ex:p></rdf:Description>"
        return """
        <!DOCTYPE rdf:RDF [
        \(decl)]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
        \(use)
        </rdf:RDF>
        """
    }

    @Test("billion laughs stops with an error, in content and in attributes", arguments: [false, true])
    func entityBomb(inAttribute: Bool) throws {
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: RDFParseError.self) { _ = try parse(billionLaughs(inAttribute: inAttribute)) }
        #expect(clock.now - started < .seconds(5))
    }

    @Test("one large entity repeated many times stops at the expansion budget")
    func quadraticBlowup() throws {
        let big = String(repeating: "A", count: 100_000)
        let refs = String(repeating: "&big;", count: 2_000) // 200 MB if expanded
        let xml = """
        <!DOCTYPE rdf:RDF [ <!ENTITY big "\(big)"> ]>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
        <rdf:Description rdf:about="http://example.org/a"><ex:p>\(refs)</ex:p></rdf:Description>
        </rdf:RDF>
        """
        do {
            _ = try parse(xml)
            Issue.record("expected the expansion budget to stop the parse")
        } catch let e as RDFParseError {
            // libxml2's own amplification check may fire first; both are clear errors.
            switch e {
            case .limitExceeded, .xml: break
            default: Issue.record("unexpected error \(e)")
            }
        }
    }

    @Test("100,000 levels of nesting parse in linear time without recursion")
    func deepNesting() throws {
        func document(depth: Int) -> String {
            var xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">"
            xml.reserveCapacity(depth * 30)
            for _ in 0..<(depth / 2) { xml += "<ex:N><ex:p>" }
            for _ in 0..<(depth / 2) { xml += "</ex:p></ex:N>" }
            return xml + "</rdf:RDF>"
        }
        let clock = ContinuousClock()
        let started = clock.now
        let triples = try parse(document(depth: 100_000))
        // Each ex:N is typed and linked by ex:p (the innermost ex:p holds an empty literal).
        #expect(triples.count == 100_000)
        #expect(triples[1] == Triple(triples[0].subject, "http://example.org/p", triples[2].subject))
        #expect(triples.last?.object == .literal(Literal("")))
        #expect(clock.now - started < .seconds(20))
    }

    @Test("a literal over the configured limit is refused with a clear error")
    func hugeLiteral() throws {
        var options = RDFXMLParserOptions()
        options.maxLiteralBytes = 1 << 20
        let xml = """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
        <rdf:Description rdf:about="http://example.org/a"><ex:p>\(String(repeating: "x", count: 3 << 20))</ex:p></rdf:Description>
        </rdf:RDF>
        """
        do {
            _ = try parse(xml, options: options)
            Issue.record("expected limitExceeded")
        } catch let e as RDFParseError {
            guard case .limitExceeded(let loc, _, _) = e else { Issue.record("got \(e)"); return }
            #expect(loc.file == "test.rdf")
            #expect(loc.line == 2)
        }
        // Below the limit the same literal is read whole.
        options.maxLiteralBytes = 4 << 20
        let triples = try parse(xml, options: options)
        #expect(triples.first.map { if case .literal(let l) = $0.object { l.lexicalForm.utf8.count } else { 0 } } == 3 << 20)
    }

    @Test("errors name the file, line and column", arguments: [
        // (document, line of the error, words the message must contain)
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"http://e/a\">\n<ex:p>x</ex:p>", 3, "prefix"),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n<ex:A>\n<ex:p rdf:parseType=\"Literal\" rdf:resource=\"http://e/b\"/>\n</ex:A></rdf:RDF>", 3, "parseType"),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n\n<ex:A rdf:nodeID=\"1bad\"/></rdf:RDF>", 3, "NCName"),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\">\n<ex:A><ex:p>text<ex:B/></ex:p></ex:A>\n</rdf:RDF>", 2, "text"),
    ])
    func errorLocations(document: String, line: Int, words: String) throws {
        do {
            _ = try parse(document)
            Issue.record("expected an error")
        } catch let e as RDFParseError {
            #expect(e.location?.file == "test.rdf")
            #expect(e.location?.line == line, "\(e)")
            #expect((e.location?.column ?? 0) > 0, "\(e)")
            #expect("\(e)".localizedCaseInsensitiveContains(words), "\(e)")
        }
    }

    @Test("truncated document and invalid UTF-8 are errors")
    func truncatedAndInvalidUTF8() throws {
        #expect(throws: RDFParseError.self) {
            _ = try parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"http://e/a\">")
        }
        var bytes = Array("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://e/\"><ex:A><ex:p>".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array("</ex:p></ex:A></rdf:RDF>".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-badutf8-\(getpid()).rdf").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var sink = CollectingSink()
        do {
            try RDFXMLParser().parse(fileAt: path, into: &sink)
            Issue.record("invalid UTF-8 must be an error")
        } catch let e as RDFParseError {
            #expect(e.location?.file == path)
            #expect(e.location?.line == 1)
        }
    }

    @Test("a missing file is an I/O error naming it")
    func missingFile() {
        var sink = CountingSink()
        #expect(throws: RDFParseError.self) { try RDFXMLParser().parse(fileAt: "/nonexistent/x.rdf", into: &sink) }
    }
}

@Suite("RDF/XML grammar choices")
struct RDFXMLGrammarChoiceTests {
    let header = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">\n"

    @Test("an unknown rdf:parseType is an error by default, a literal on request")
    func unknownParseType() throws {
        let xml = header + "<ex:A rdf:about=\"http://example.org/a\">\n<ex:p rdf:parseType=\"Resourse\"><b>x</b></ex:p></ex:A></rdf:RDF>"
        var sink = CollectingSink()
        do {
            try RDFXMLParser().parse(string: xml, base: "http://example.org/", documentName: "t.rdf", into: &sink)
            Issue.record("expected an error")
        } catch let e as RDFParseError {
            #expect("\(e)".contains("Resourse"))
            #expect(e.location?.line == 3)
        }
        var options = RDFXMLParserOptions()
        options.unknownParseType = .literal
        sink = CollectingSink()
        try RDFXMLParser(options: options).parse(string: xml, base: "http://example.org/", into: &sink)
        #expect(sink.triples.contains(Triple(.iri("http://example.org/a"), "http://example.org/p",
                                             .literal(Literal("<b>x</b>", datatype: Vocabulary.rdfXMLLiteral)))))
    }

    @Test("an IRI with a space or angle bracket is an error naming it", arguments: ["http://example.org/a b", "http://example.org/<x>", "http://example.org/{x}"])
    func badIRI(_ iri: String) throws {
        let xml = header + "<ex:A rdf:about=\"http://example.org/a\">\n  <ex:p rdf:resource=\"\(iri.replacingOccurrences(of: "<", with: "&lt;"))\"/></ex:A></rdf:RDF>"
        var sink = CollectingSink()
        do {
            try RDFXMLParser().parse(string: xml, base: "http://example.org/", documentName: "t.rdf", into: &sink)
            Issue.record("expected an error for <\(iri)>")
        } catch let e as RDFParseError {
            guard case .invalidIRI(let loc, let reported, _) = e else { Issue.record("got \(e)"); return }
            #expect(reported == iri)
            #expect(loc.line == 3)
        }
    }

    @Test("rdf:li numbering, reification, collections and xml:lang scoping")
    func grammarSample() throws {
        let xml = header + """
        <rdf:Seq rdf:about="http://example.org/s" xml:lang="en">
          <rdf:li>one</rdf:li>
          <rdf:li xml:lang="">two</rdf:li>
          <ex:list rdf:parseType="Collection"><ex:X rdf:about="http://example.org/x"/></ex:list>
          <ex:q rdf:ID="st" rdf:resource="http://example.org/o"/>
        </rdf:Seq></rdf:RDF>
        """
        var sink = CollectingSink()
        try RDFXMLParser().parse(string: xml, base: "http://example.org/doc", into: &sink)
        let t = Set(sink.triples)
        let s = Term.iri("http://example.org/s")
        #expect(t.contains(Triple(s, Vocabulary.rdf + "_1", .literal(Literal("one", language: "en")))))
        #expect(t.contains(Triple(s, Vocabulary.rdf + "_2", .literal(Literal("two")))))
        #expect(t.contains(Triple(.iri("http://example.org/doc#st"), Vocabulary.rdfSubject, s)))
        #expect(t.contains(Triple(.iri("http://example.org/doc#st"), Vocabulary.rdfObject, .iri("http://example.org/o"))))
        let cell = sink.triples.first { $0.predicate == "http://example.org/list" }!.object
        #expect(t.contains(Triple(cell, Vocabulary.rdfFirst, .iri("http://example.org/x"))))
        #expect(t.contains(Triple(cell, Vocabulary.rdfRest, .iri(Vocabulary.rdfNil))))
    }
}
