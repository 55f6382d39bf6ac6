import Testing
@testable import KnowledgeGraph

@Suite struct KnowledgeGraphBuilderTests {
    @Test func importingTheSameTriplesTwiceAddsNothing() throws {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        b.addEdge(head: "a", relation: "r", tail: "b")
        b.addEdge(head: "b", relation: "r", tail: "c")
        b.addEdge(head: "a", relation: "r", tail: "b")
        let first = try b.build()
        #expect(first.tripleCount == 2 && first.entities.count == 3 && first.relations.count == 1)

        var again = KnowledgeGraphBuilder(base: first)
        again.addEdge(head: "a", relation: "r", tail: "b")
        again.addEdge(head: "b", relation: "r", tail: "c")
        let second = try again.build()
        #expect(second == first)
        #expect(again.newEntityRange.isEmpty && again.newRelationRange.isEmpty)
    }

    @Test func newTriplesMergeWithStoredOnes() throws {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        b.addEdge(head: "a", relation: "r", tail: "b")
        let g1 = try b.build()
        var b2 = KnowledgeGraphBuilder(base: g1)
        b2.addEdge(head: "c", relation: "s", tail: "a")
        b2.addEdge(head: "a", relation: "r", tail: "b")
        let g2 = try b2.build()
        #expect(g2.tripleCount == 2)
        let a = g2.entities.id(of: "a")!, c = g2.entities.id(of: "c")!, s = g2.relations.id(of: "s")!
        #expect(g2.graph.contains(head: c, relation: s, tail: a))
        #expect(g2.entities.id(of: "a") == g1.entities.id(of: "a"))
        #expect(b2.newEntityRange == 2..<3)
    }

    @Test func inverseDeclarationsAreSymmetricAndConflictsReported() throws {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        b.declareInverse("directed_by", "director_of")
        b.declareInverse("director_of", "directed_by")  // restating is fine
        b.declareInverse("sibling", "sibling")          // symmetric relation
        b.declareInverse("directed_by", "other")         // contradicts
        let g = try b.build()
        let d = g.relations.id(of: "directed_by")!, o = g.relations.id(of: "director_of")!
        #expect(g.inverse(of: d) == o && g.inverse(of: o) == d)
        #expect(g.inverse(of: g.relations.id(of: "sibling")!) == g.relations.id(of: "sibling"))
        #expect(g.inverse(of: g.relations.id(of: "other")!) == nil)
        #expect(g.inversePairCount == 2)
        #expect(b.inverseConflicts.count == 1)
    }

    @Test func countsTriplesStoredInBothDirections() throws {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        b.declareInverse("p", "q")
        b.addEdge(head: "a", relation: "p", tail: "b")
        b.addEdge(head: "b", relation: "q", tail: "a")
        b.addEdge(head: "c", relation: "p", tail: "d")
        let g = try b.build()
        #expect(g.tripleCountWithInversePresent() == 2)
    }
}
