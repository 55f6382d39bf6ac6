import Foundation
import Testing
@testable import RDF
import TestSupport

@Suite("TurtleParser")
struct TurtleParserTests {
    static let ex = "http://example.org/"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    func parse(_ text: String, base: String? = "http://example.org/base/doc") throws -> [Triple] {
        var sink = CollectingSink()
        try TurtleParser().parse(string: text, base: base, documentName: "test.ttl", into: &sink)
        return sink.triples
    }

    /// The error thrown for `text`, or nil if it parses.
    func failure(_ text: String, parser: TurtleParser = TurtleParser()) -> RDFParseError? {
        do {
            var sink = CollectingSink()
            try parser.parse(string: text, base: "http://example.org/", documentName: "test.ttl", into: &sink)
            return nil
        } catch let error as RDFParseError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    func withTemporaryFile<R>(_ bytes: [UInt8], _ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ttlparser-\(UUID().uuidString).ttl").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    func parseFile(_ bytes: [UInt8], chunkSize: Int, parser: TurtleParser = TurtleParser()) throws -> [Triple] {
        var parser = parser
        parser.chunkSize = chunkSize
        return try withTemporaryFile(bytes) { path in
            var sink = CollectingSink()
            try parser.parse(fileAt: path, base: "http://example.org/base/doc", into: &sink)
            return sink.triples
        }
    }

    func ntriples(_ text: String) throws -> [Triple] {
        var sink = CollectingSink()
        try NTriplesParser().parse(string: text, into: &sink)
        return sink.triples
    }

    func objects(_ text: String) throws -> [Term] {
        try parse("@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                  + "ex:s ex:p \(text) .").map(\.object)
    }

    static let sample = """
        # A sample with every construct.
        @prefix ex: <http://example.org/> .
        @prefix : <http://example.org/default#> .
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        @base <http://example.org/base/> .
        BASE <sub/>

        <s> a ex:Film ;
            ex:title "Grüße"@de, 'single' , \"\"\"long "quoted"
        over two lines\"\"\" ;
            ex:year 1999 ; ex:rating 4.5 ; ex:score -1.0e3 ; ex:ok true ;
            ex:cast ( ex:a [ ex:name "b" ] ( ) "c"^^xsd:string ) ;
            :local\\-name%41 _:x ;
        .
        [ ex:p ex:o ] ex:q [] .
        _:x ex:p ( 1 2.0 ) .
        """

    // MARK: Constructs

    @Test("prefixes, base and relative IRIs (both directive styles)")
    func directives() throws {
        let t = try parse("""
            @base <http://example.org/a/b> .
            <c> <#p> <../d> .
            @prefix p: <x/> .
            PREFIX q: <http://other.example/>
            BASE <http://example.org/z/>
            p:s q:p <e> .
            """)
        #expect(t == [
            Triple(.iri("http://example.org/a/c"), "http://example.org/a/b#p", .iri("http://example.org/d")),
            Triple(.iri("http://example.org/a/x/s"), "http://other.example/p", .iri("http://example.org/z/e")),
        ])
    }

    @Test("relative IRIs resolve against the document base; without one they are an error")
    func documentBase() throws {
        #expect(try parse("<s> <p> <o> .").first == Triple(
            .iri("http://example.org/base/s"), "http://example.org/base/p", .iri("http://example.org/base/o")))
        var sink = CollectingSink()
        #expect(throws: RDFParseError.self) {
            try TurtleParser().parse(string: "<s> <http://e/p> <http://e/o> .", into: &sink)
        }
    }

    @Test("prefixed names: empty prefix, escapes, percent sequences, dots and colons inside, trailing dot")
    func prefixedNames() throws {
        let t = try parse("""
            @prefix : <http://example.org/> .
            @prefix e.x: <http://example.org/ns#> .
            :a\\~b\\.c%20d e.x:p :a.b:c.
            : :p e.x: .
            """)
        #expect(t[0] == Triple(.iri(Self.ex + "a~b.c%20d"), Self.ex + "ns#p", .iri(Self.ex + "a.b:c")))
        #expect(t[1] == Triple(.iri(Self.ex), Self.ex + "p", .iri(Self.ex + "ns#")))
    }

    @Test("numbers and booleans keep their lexical form and get their XSD datatype")
    func numbers() throws {
        #expect(try objects("1 , +1 , -0 , 1.0 , .5 , -2.50 , 1.0e0 , 1E3 , -1.5e-3 , 1.e2 , true , false") == [
            .literal(Literal("1", datatype: Self.xsd + "integer")),
            .literal(Literal("+1", datatype: Self.xsd + "integer")),
            .literal(Literal("-0", datatype: Self.xsd + "integer")),
            .literal(Literal("1.0", datatype: Self.xsd + "decimal")),
            .literal(Literal(".5", datatype: Self.xsd + "decimal")),
            .literal(Literal("-2.50", datatype: Self.xsd + "decimal")),
            .literal(Literal("1.0e0", datatype: Self.xsd + "double")),
            .literal(Literal("1E3", datatype: Self.xsd + "double")),
            .literal(Literal("-1.5e-3", datatype: Self.xsd + "double")),
            .literal(Literal("1.e2", datatype: Self.xsd + "double")),
            .literal(Literal("true", datatype: Self.xsd + "boolean")),
            .literal(Literal("false", datatype: Self.xsd + "boolean")),
        ])
        // "1." is the integer 1 followed by the statement's dot.
        #expect(try parse("<http://e/s> <http://e/p> 1.").first?.object == .literal(Literal("1", datatype: Self.xsd + "integer")))
    }

    @Test("the four string forms, escapes, language tags and datatypes")
    func strings() throws {
        #expect(try objects(#""a\tb\n\"c\" \u00E9\U0001F600""#) == [.literal(Literal("a\tb\n\"c\" é😀"))])
        #expect(try objects(#"'it\'s' , "" , '' , """""" , ''''''"#) == [
            .literal(Literal("it's")), .literal(Literal("")), .literal(Literal("")),
            .literal(Literal("")), .literal(Literal("")),
        ])
        #expect(try objects(#" """a "" b\n"c" """ , '''x''y\r\nz\''''"#) == [
            .literal(Literal("a \"\" b\n\"c\" ")), .literal(Literal("x''y\r\nz'")),
        ])
        #expect(try objects(#""chat"@fr-CA , "5"^^xsd:int , "d"^^<http://example.org/dt>"#) == [
            .literal(Literal("chat", language: "fr-CA")),
            .literal(Literal("5", datatype: Self.xsd + "int")),
            .literal(Literal("d", datatype: Self.ex + "dt")),
        ])
    }

    @Test("blank nodes: labels, [], property lists as subject and object, nested")
    func blankNodes() throws {
        let t = try parse("""
            @prefix : <http://example.org/> .
            _:a :p [] , [ :q [ :r _:a ] ; ] .
            [ :p :o ] .
            [] :p :o .
            _:genid1 :p _:u .
            """)
        #expect(t.count == 7)
        let expected = try ntriples("""
            _:a <http://example.org/p> _:b1 .
            _:a <http://example.org/p> _:b2 .
            _:b2 <http://example.org/q> _:b3 .
            _:b3 <http://example.org/r> _:a .
            _:b4 <http://example.org/p> <http://example.org/o> .
            _:b5 <http://example.org/p> <http://example.org/o> .
            _:g <http://example.org/p> _:u .
            """)
        #expect(GraphIsomorphism.isIsomorphic(t, expected), "\(t)")
        // Document labels never collide with generated ones.
        let labels = Set(t.flatMap { [$0.subject, $0.object] }.filter(\.isBlank))
        #expect(labels.count == 8)
        #expect(t.contains(Triple(.blank("ugenid1"), Self.ex + "p", .blank("uu"))))
    }

    @Test("collections: empty, nested, as subject and object")
    func collections() throws {
        let t = try parse("""
            @prefix : <http://example.org/> .
            :s :p () .
            :s :p ( :a ( :b ) ) .
            ( 1 ) :p :o .
            """)
        let expected = try ntriples("""
            <http://example.org/s> <http://example.org/p> <\(Self.rdf)nil> .
            <http://example.org/s> <http://example.org/p> _:l1 .
            _:l1 <\(Self.rdf)first> <http://example.org/a> .
            _:l1 <\(Self.rdf)rest> _:l2 .
            _:l2 <\(Self.rdf)first> _:m1 .
            _:m1 <\(Self.rdf)first> <http://example.org/b> .
            _:m1 <\(Self.rdf)rest> <\(Self.rdf)nil> .
            _:l2 <\(Self.rdf)rest> <\(Self.rdf)nil> .
            _:n1 <\(Self.rdf)first> "1"^^<\(Self.xsd)integer> .
            _:n1 <\(Self.rdf)rest> <\(Self.rdf)nil> .
            _:n1 <http://example.org/p> <http://example.org/o> .
            """)
        #expect(GraphIsomorphism.isIsomorphic(t, expected), "\(t)")
    }

    @Test("the sample document parses the same from a string and through tiny read buffers")
    func chunkBoundaries() throws {
        let fromString = try parse(Self.sample)
        #expect(fromString.count == 26)
        for chunk in [4, 5, 7, 13, 64, 1 << 20] {
            let fromFile = try parseFile(Array(Self.sample.utf8), chunkSize: chunk)
            #expect(fromFile == fromString, "chunk size \(chunk)")
        }
        // CRLF line ends and a BOM change nothing.
        let crlf = [0xEF, 0xBB, 0xBF] + Array(Self.sample.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        for chunk in [4, 9, 1 << 20] {
            let t = try parseFile(crlf, chunkSize: chunk)
            #expect(t.count == fromString.count)
        }
    }

    // MARK: Errors

    @Test("errors carry file, line, column and what was expected")
    func errorLocation() {
        let text = "@prefix ex: <http://example.org/> .\r\n# comment\nex:s ex:p \"é\" ;\n  ex:q ."
        guard case .syntax(let loc, let message)? = failure(text) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(loc.file == "test.ttl")
        #expect(loc.line == 4)
        #expect(loc.column == 8)
        #expect(message.contains("expected an object"))
        #expect("\(failure(text)!)".hasPrefix("test.ttl:4:8: syntax error"))

        // After a long string over several lines, positions still count its lines.
        guard case .syntax(let l2, _)? = failure("<http://e/s> <http://e/p> \"\"\"a\nb\nc\"\"\" x") else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(l2.line == 3 && l2.column == 6)

        guard case .syntax(let l3, let m3)? = failure("@prefix ex: <http://example.org/> .\nex:s nope:p ex:o .") else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(l3.line == 2 && l3.column == 6)
        #expect(m3.contains("undefined prefix 'nope:'"))
    }

    @Test("syntax errors", arguments: [
        "<http://e/s> <http://e/p> <http://e/o>",  // no '.'
        "<http://e/s> <http://e/p> .",
        "<http://e/s> . ",
        "\"lit\" <http://e/p> <http://e/o> .",
        "<http://e/s> [] <http://e/o> .",
        "<http://e/s> <http://e/p> <http://e/o> ; , .",
        "<http://e/s> <http://e/p> [ <http://e/q> ] .",
        "<http://e/s> <http://e/p> ( <http://e/o> .",
        "<http://e/s> <http://e/p> <http://e/o> ] .",
        "[] .",
        "@prefix ex <http://e/> .",
        "@prefix ex: <http://e/>",
        "PREFIX ex: <http://e/> .",
        "<http://e/s> <http://e/p> \"a\nb\" .",
        "<http://e/s> <http://e/p> \"\"\"abc\"\" .",
        "<http://e/s> <http://e/p> 1e .",
        "<http://e/s> <http://e/p> \"x\"@ .",
        "<http://e/s> <http://e/p> \"x\"^^ .",
        "<http://e/s> <http://e/p> <http://e/a b> .",
        "<http://e/s> <http://e/p> _:a. .",
        "<http://e/s> <http://e/p> { } .",
    ])
    func syntaxErrors(_ text: String) {
        let error = failure(text)
        #expect(error != nil, "\(text) must be rejected")
        #expect((error?.location?.line ?? 0) >= 1)
    }

    @Test("a missing file is an I/O error")
    func missingFile() {
        var sink = CollectingSink()
        #expect(throws: RDFParseError.self) {
            try TurtleParser().parse(fileAt: "/nonexistent/file.ttl", into: &sink)
        }
    }

    // MARK: Hostile input

    @Test("100,000 levels of '[' and '(' parse without recursion; deeper than the limit is refused")
    func deepNesting() throws {
        let depth = 100_000
        let brackets = "<http://e/s> <http://e/p> " + String(repeating: "[ <http://e/p> ", count: depth) + "<http://e/o>"
            + String(repeating: " ]", count: depth) + " ."
        var sink = CountingSink()
        try TurtleParser().parse(string: brackets, base: nil, into: &sink)
        #expect(sink.count == depth + 1)

        let parens = "<http://e/s> <http://e/p> " + String(repeating: "( ", count: depth) + String(repeating: ") ", count: depth) + "."
        sink = CountingSink()
        try TurtleParser().parse(string: parens, base: nil, into: &sink)
        #expect(sink.count == 2 * (depth - 1) + 1)

        // The same through a file read in small chunks.
        let fromFile = try withTemporaryFile(Array(brackets.utf8)) { path in
            var parser = TurtleParser()
            parser.chunkSize = 4096
            var count = CountingSink()
            try parser.parse(fileAt: path, into: &count)
            return count.count
        }
        #expect(fromFile == depth + 1)

        let tooDeep = "<http://e/s> <http://e/p> " + String(repeating: "[ <http://e/p> ", count: 1000) + "<http://e/o>"
        guard case .limitExceeded(let loc, _, let value)? = failure(tooDeep, parser: TurtleParser(maxNestingDepth: 500)) else {
            Issue.record("expected the nesting limit")
            return
        }
        #expect(value == 500)
        #expect(loc.line == 1)
    }

    @Test("a literal over the size bound is refused, from a file (without buffering it all) and from a string")
    func hugeLiteral() throws {
        let limit = 1 << 16
        let body = String(repeating: "abcdefgh", count: limit / 4)
        let text = "<http://e/s> <http://e/p> \"\(body)\" ."
        var parser = TurtleParser(maxTokenLength: limit)
        parser.chunkSize = 4096
        let fromFile: RDFParseError? = try withTemporaryFile(Array(text.utf8)) { path in
            var sink = CountingSink()
            do { try parser.parse(fileAt: path, into: &sink) } catch let e as RDFParseError { return e }
            return nil
        }
        guard case .limitExceeded(let loc, _, let value)? = fromFile else {
            Issue.record("expected the token-length limit, got \(String(describing: fromFile))")
            return
        }
        #expect(value == limit)
        #expect(loc.line == 1 && loc.column == 27)
        guard case .limitExceeded? = failure(text, parser: TurtleParser(maxTokenLength: limit)) else {
            Issue.record("expected the token-length limit for a string")
            return
        }
        // Within the bound it parses.
        #expect(try parseFile(Array(text.utf8), chunkSize: 4096, parser: TurtleParser(maxTokenLength: limit * 4)).count == 1)
    }

    /// Inputs with invalid UTF-8 and the column (on line 1) where the error must be reported.
    static let invalidUTF8Inputs: [([UInt8], Int)] = {
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        var inputs: [([UInt8], Int)] = []
        inputs.append((b("<http://e/s> <http://e/p> \"ab") + [0xC3, 0x28] + b("\" ."), 30))
        inputs.append((b("<http://e/s> <http://e/p> <http://e/") + [0xFF] + b("> ."), 37))
        inputs.append((b("@prefix e: <http://e/> . e:s e:p e:a") + [0xED, 0xA0, 0x80] + b(" ."), 37))
        inputs.append((b("# c") + [0xC0, 0xAF] + b("\n"), 4))
        inputs.append((b("<http://e/s> <http://e/p> \"\"\"x") + [0xF5, 0x80, 0x80, 0x80] + b("\"\"\" ."), 31))
        return inputs
    }()

    @Test("invalid UTF-8 is an error with its position", arguments: invalidUTF8Inputs)
    func invalidUTF8(_ input: ([UInt8], Int)) throws {
        for chunk in [5, 1 << 20] {
            let error: RDFParseError? = try withTemporaryFile(input.0) { path in
                var parser = TurtleParser()
                parser.chunkSize = chunk
                var sink = CountingSink()
                do { try parser.parse(fileAt: path, into: &sink) } catch let e as RDFParseError { return e }
                return nil
            }
            guard case .syntax(let loc, let message)? = error else {
                Issue.record("expected a syntax error, got \(String(describing: error))")
                continue
            }
            #expect(message.contains("UTF-8"), "\(message)")
            #expect(loc.line == 1 && loc.column == input.1, "\(loc)")
        }
    }

    @Test("truncated input at every cut point never crashes and errors with a position")
    func truncated() throws {
        let bytes = Array(Self.sample.utf8)
        var errors = 0
        for cut in 0..<bytes.count {
            let prefix = Array(bytes[0..<cut])
            for chunk in [3, 1 << 20] {
                do {
                    _ = try parseFile(prefix, chunkSize: chunk)
                } catch let error as RDFParseError {
                    errors += 1
                    let loc = error.location
                    #expect(loc != nil && loc!.line >= 1 && loc!.column >= 1, "cut \(cut): \(error)")
                }
            }
        }
        #expect(errors > bytes.count)  // most cut points are errors
    }

    // MARK: Detection

    @Test("Turtle is detected by extension and by content")
    func detection() throws {
        #expect(RDFFormat.detect(path: "/x/onto.ttl") == .turtle)
        #expect(RDFFormat.detect(path: "/x/ONTO.TURTLE") == .turtle)
        for head in [
            "@prefix ex: <http://e/> .",
            "# comment\n\nPREFIX ex: <http://e/>\n",
            "base <http://e/>",
            "ex:s ex:p ex:o .",
            "<http://e/s> a <http://e/C> .",
            "<http://e/s> <http://e/p> ex:o .",
            "<http://e/s> <http://e/p> <http://e/o> ; <http://e/q> 1 .",
            "[ <http://e/p> 1 ] .",
        ] {
            #expect(RDFFormat.sniff(Array(head.utf8)) == .turtle, "\(head)")
        }
        for head in [
            "<http://e/s> <http://e/p> <http://e/o> .",
            "# c\n<http://e/s> <http://e/p> \"a;b\" .",
            "_:b1 <http://e/p> _:b2 .",
        ] {
            #expect(RDFFormat.sniff(Array(head.utf8)) == .nTriples, "\(head)")
        }
        #expect(RDFFormat.sniff(Array("<?xml version=\"1.0\"?><rdf:RDF/>".utf8)) == .rdfXML)
        #expect(RDFFormat.sniff(Array("<rdf:RDF xmlns:rdf=\"x\">".utf8)) == .rdfXML)
    }

    @Test("RDFReader reads Turtle files with the file's IRI as base")
    func reader() throws {
        let t: [Triple] = try withTemporaryFile(Array("<s> <http://e/p> 1 .".utf8)) { path in
            var sink = CollectingSink()
            try RDFReader.parse(fileAt: path, into: &sink)
            return sink.triples
        }
        #expect(t.count == 1)
        #expect(t.first?.subject.iriValue?.hasPrefix("file://") == true)
        #expect(t.first?.subject.iriValue?.hasSuffix("/s") == true)
    }
}
