import Testing
import RDF
import TestSupport

/// The W3C RDF 1.1 N-Triples syntax suite (`Tests/Fixtures/conformance/ntriples/TESTS.tsv`):
/// every positive test must parse, every negative test must fail with an `RDFParseError`.
@Suite("N-Triples conformance (W3C RDF 1.1 suite)")
struct NTriplesConformanceTests {
    static let tests = ConformanceTest.load(suite: "ntriples")

    @Test("suite is complete")
    func suiteSize() {
        #expect(Self.tests.count == 70)
        #expect(Self.tests.filter { $0.kind == .positiveSyntax }.count == 41)
        #expect(Self.tests.filter { $0.kind == .negativeSyntax }.count == 29)
    }

    @Test("W3C test",
          arguments: tests)
    func conformance(_ test: ConformanceTest) {
        var sink = CollectingSink()
        let parser = NTriplesParser()
        switch test.kind {
        case .negativeSyntax:
            #expect(throws: RDFParseError.self, "\(test.name) must be rejected") {
                try parser.parse(fileAt: test.input, into: &sink)
            }
        case .positiveSyntax, .positiveEval:
            #expect(throws: Never.self, "\(test.name) must parse") {
                try parser.parse(fileAt: test.input, into: &sink)
            }
        }
    }
}
