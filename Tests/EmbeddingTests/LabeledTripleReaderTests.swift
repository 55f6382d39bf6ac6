import Testing
import TestSupport
@testable import Embedding

@Suite struct LabeledTripleReaderTests {
    @Test func readsTriplesSharingOneVocabulary() throws {
        var v = TripleVocabulary()
        let a = try LabeledTripleReader.parse(Array("head\trelation\ttail\nx\tr\ty\r\ny\tr\tz\n\n".utf8), path: "a", vocabulary: &v)
        let b = try LabeledTripleReader.parse(Array("z\ts\tx".utf8), path: "b", vocabulary: &v)
        #expect(a == [IndexedTriple(head: 0, relation: 0, tail: 1), IndexedTriple(head: 1, relation: 0, tail: 2)])
        #expect(b == [IndexedTriple(head: 2, relation: 1, tail: 0)])
        #expect(v.entityLabels == ["x", "y", "z"])
        #expect(v.relationLabels == ["r", "s"])
        var w = TripleVocabulary()
        let recbole = try LabeledTripleReader.parse(Array("head_id:token\trelation_id:token\ttail_id:token\n1\tf\t2\n".utf8), path: "kg", vocabulary: &w)
        #expect(recbole.count == 1)
    }

    @Test func badLinesNameFileAndLine() {
        var v = TripleVocabulary()
        #expect(throws: TripleFileError.wrongFieldCount(path: "t.tsv", line: 2, found: 2)) {
            try LabeledTripleReader.parse(Array("a\tr\tb\na\tr\n".utf8), path: "t.tsv", vocabulary: &v)
        }
        #expect(throws: TripleFileError.emptyField(path: "t.tsv", line: 1, column: 2)) {
            try LabeledTripleReader.parse(Array("a\t\tb\n".utf8), path: "t.tsv", vocabulary: &v)
        }
        #expect(throws: TripleFileError.invalidUTF8(path: "t.tsv", line: 1, byteOffset: 4)) {
            try LabeledTripleReader.parse([0x61, 0x09, 0x72, 0x09, 0xFF, 0x0A], path: "t.tsv", vocabulary: &v)
        }
        #expect(throws: TripleFileError.self) { try LabeledTripleReader.read(path: "/nonexistent.tsv", vocabulary: &v) }
    }

    @Test
    func readsTheNationsBenchmark() throws {
        var v = TripleVocabulary()
        let train = try LabeledTripleReader.read(path: TestData.path("link-prediction/nations/train.txt")!.path, vocabulary: &v)
        #expect(train.count == 1592)
        #expect(v.entityCount == 14)
        #expect(v.relationCount == 55)
    }
}
