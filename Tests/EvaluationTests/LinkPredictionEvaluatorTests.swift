import Testing
@testable import Evaluation

/// A scorer with a fixed table: score(h, r, t) = table[r][h][t].
struct TableScorer: LinkPredictionScorer {
    let table: [[[Float]]]
    var entityCount: Int { table[0].count }
    func scoreTails(head: Int32, relation: Int32, into scores: UnsafeMutableBufferPointer<Float>) {
        for e in 0..<entityCount { scores[e] = table[Int(relation)][Int(head)][e] }
    }
    func scoreHeads(relation: Int32, tail: Int32, into scores: UnsafeMutableBufferPointer<Float>) {
        for e in 0..<entityCount { scores[e] = table[Int(relation)][e][Int(tail)] }
    }
}

@Suite struct LinkPredictionEvaluatorTests {
    // 4 entities, 1 relation. Rows = head, columns = tail.
    static let scorer = TableScorer(table: [[
        [0.0, 0.9, 0.8, 0.1],
        [0.2, 0.0, 0.7, 0.7],
        [0.3, 0.3, 0.0, 0.3],
        [0.6, 0.5, 0.4, 0.0],
    ]])

    @Test func knownTripleIndexLooksUpBothSides() {
        let idx = KnownTripleIndex([
            LinkPredictionTriple(head: 0, relation: 0, tail: 1), LinkPredictionTriple(head: 0, relation: 0, tail: 2),
            LinkPredictionTriple(head: 3, relation: 0, tail: 2), LinkPredictionTriple(head: 0, relation: 0, tail: 1),
            LinkPredictionTriple(head: 0, relation: 1, tail: 3),
        ])
        #expect(idx.count == 4)
        #expect(Array(idx.knownTails(head: 0, relation: 0)) == [1, 2])
        #expect(Array(idx.knownHeads(relation: 0, tail: 2)) == [0, 3])
        #expect(Array(idx.knownTails(head: 0, relation: 1)) == [3])
        #expect(idx.knownTails(head: 2, relation: 0).isEmpty)
        #expect(idx.knownHeads(relation: 5, tail: 0).isEmpty)
    }

    @Test func filteredRanksOnBothSidesByHand() {
        let known = [LinkPredictionTriple(head: 0, relation: 0, tail: 1), LinkPredictionTriple(head: 0, relation: 0, tail: 2),
                     LinkPredictionTriple(head: 3, relation: 0, tail: 2)]
        let filter = KnownTripleIndex(known)
        // Test triple (0, 0, 2):
        //  tail side: row 0 = [0, .9, .8, .1]; target .8; .9 (entity 1) is known → filtered → rank 1.
        //  head side: column 2 = [.8, .7, 0, .4]; target .8 → rank 1.
        // Test triple (3, 0, 2):
        //  tail side: row 3 = [.6, .5, .4, 0]; target .4; .6 and .5 better, neither known → rank 3.
        //  head side: column 2 = [.8, .7, 0, .4]; target .4; .8 (head 0) known → filtered; .7 better → rank 2.
        let report = LinkPredictionEvaluator().evaluate(Self.scorer, triples: [known[1], known[2]], filter: filter)
        #expect(report.tailRanks.map(\.realistic) == [1, 3])
        #expect(report.headRanks.map(\.realistic) == [1, 2])
        #expect(abs(report.both.meanReciprocalRank - (1 + 1 + 1 / 3.0 + 0.5) / 4) < 1e-12)
        // Raw setting: (0,0,2) tail side ranks 2.
        let raw = LinkPredictionEvaluator().evaluate(Self.scorer, triples: [known[1]], filter: nil)
        #expect(raw.tailRanks.map(\.realistic) == [2])
    }

    @Test func tiesInsideEvaluation() {
        // (1, 0, 3): row 1 = [.2, 0, .7, .7]; target .7 ties with entity 2 → optimistic 1, pessimistic 2.
        // (2, 0, 0): column 0 = [0, .2, .3, .6] → head 2 scores .3, only .6 better → rank 2.
        let t = [LinkPredictionTriple(head: 1, relation: 0, tail: 3), LinkPredictionTriple(head: 2, relation: 0, tail: 0)]
        let report = LinkPredictionEvaluator().evaluate(Self.scorer, triples: t, filter: KnownTripleIndex(t))
        #expect(report.tailRanks[0] == FilteredRank(optimistic: 1, pessimistic: 2))
        #expect(report.headRanks[1].realistic == 2)
        // (2, 0, ?) row 2 = [.3, .3, 0, .3]: target 0 ties with 1 and 3 → 1..3 → 2.
        #expect(report.tailRanks[1] == FilteredRank(optimistic: 1, pessimistic: 3))
    }

    @Test func threadsDoNotChangeResults() {
        var triples: [LinkPredictionTriple] = []
        for h in 0..<4 { for t in 0..<4 where h != t { triples.append(LinkPredictionTriple(head: Int32(h), relation: 0, tail: Int32(t))) } }
        triples = Array(repeating: triples, count: 20).flatMap { $0 }  // 240 queries → several chunks
        let filter = KnownTripleIndex(triples.prefix(5))
        let one = LinkPredictionEvaluator(threads: 1).evaluate(Self.scorer, triples: triples, filter: filter)
        let two = LinkPredictionEvaluator(threads: 2).evaluate(Self.scorer, triples: triples, filter: filter)
        #expect(one.headRanks == two.headRanks)
        #expect(one.tailRanks == two.tailRanks)
    }
}
