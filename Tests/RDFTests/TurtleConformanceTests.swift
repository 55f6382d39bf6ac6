import Testing
import RDF
import TestSupport

/// The W3C RDF 1.1 Turtle suite: 145 positive evaluation tests (output graph
/// isomorphic to the expected N-Triples), 74 positive syntax tests (must
/// parse) and 94 negative syntax tests (must fail). Each input is parsed with
/// the base IRI the manifest gives it.
@Suite("Turtle conformance (W3C RDF 1.1 suite)")
struct TurtleConformanceTests {
    static let tests = ConformanceTest.load(suite: "turtle")

    @Test("suite is complete")
    func suiteSize() {
        #expect(Self.tests.count == 313)
        #expect(Self.tests.filter { $0.kind == .positiveEval }.count == 145)
        #expect(Self.tests.filter { $0.kind == .positiveSyntax }.count == 74)
        #expect(Self.tests.filter { $0.kind == .negativeSyntax }.count == 94)
    }

    @Test("W3C test",
          arguments: tests)
    func conformance(_ test: ConformanceTest) throws {
        var sink = CollectingSink()
        let result = Result { try TurtleParser().parse(fileAt: test.input, base: test.baseIRI, into: &sink) }
        switch test.kind {
        case .negativeSyntax:
            #expect(throws: RDFParseError.self, "\(test.name) must be rejected") { try result.get() }
        case .positiveSyntax:
            try result.get()
        case .positiveEval:
            try result.get()
            guard let expectedPath = test.expected else { return }
            var expected = CollectingSink()
            try NTriplesParser().parse(fileAt: expectedPath, into: &expected)
            #expect(GraphIsomorphism.isIsomorphic(sink.triples, expected.triples),
                    "\(test.name): graph differs\n got:\n\(dump(sink.triples))\n expected:\n\(dump(expected.triples))")
        }
    }

    private func dump(_ triples: [Triple]) -> String {
        triples.map { NTriplesWriter.serialize($0) }.sorted().joined()
    }
}
