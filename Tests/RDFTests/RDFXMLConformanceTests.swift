import Testing
import RDF
import TestSupport

/// The W3C RDF 1.1 RDF/XML suite: 126 positive evaluation tests (output graph
/// isomorphic to the expected N-Triples) and 40 negative syntax tests (must fail).
@Suite("RDF/XML conformance (W3C RDF 1.1 suite)")
struct RDFXMLConformanceTests {
    static let tests = ConformanceTest.load(suite: "rdfxml")

    @Test("suite is complete")
    func suiteSize() {
        #expect(Self.tests.count == 166)
        #expect(Self.tests.filter { $0.kind == .positiveEval }.count == 126)
        #expect(Self.tests.filter { $0.kind == .negativeSyntax }.count == 40)
    }

    @Test("W3C test",
          arguments: tests)
    func conformance(_ test: ConformanceTest) throws {
        var sink = CollectingSink()
        let result = Result { try RDFXMLParser().parse(fileAt: test.input, base: test.baseIRI, into: &sink) }
        switch test.kind {
        case .negativeSyntax:
            #expect(throws: RDFParseError.self, "\(test.name) must be rejected") { try result.get() }
        case .positiveEval, .positiveSyntax:
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
