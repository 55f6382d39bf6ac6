import Testing
@testable import KnowledgeGraph

@Suite struct CSRGraphTests {
    struct Naive {
        var out: [[(Int32, Int32)]]  // (relation, tail)
        var inn: [[(Int32, Int32)]]  // (relation, head)
    }

    static func randomEdges(nodes: Int, relations: Int, edges: Int, seed: UInt64) -> EdgeList {
        var rng = SplitMix64(seed: seed)
        var list = EdgeList()
        for _ in 0..<edges {
            // Skewed heads so some nodes have many edges and some none.
            let h = Int32(Int(rng.next() % UInt64(nodes)) * Int(rng.next() % 4) / 3 % nodes)
            list.append(head: h, relation: Int32(rng.next() % UInt64(relations)), tail: Int32(rng.next() % UInt64(nodes)))
        }
        return list
    }

    static func naive(_ e: EdgeList, nodes: Int) -> Naive {
        var seen = Set<[Int32]>()
        var n = Naive(out: Array(repeating: [], count: nodes), inn: Array(repeating: [], count: nodes))
        for k in 0..<e.count {
            let h = e.heads[k], r = e.relations[k], t = e.tails[k]
            guard seen.insert([h, r, t]).inserted else { continue }
            n.out[Int(h)].append((r, t))
            n.inn[Int(t)].append((r, h))
        }
        return n
    }

    @Test(arguments: [(UInt64(1), 50, 3, 400), (2, 300, 17, 5000), (3, 7, 1, 60), (4, 1000, 200, 3000)])
    func matchesNaiveAdjacency(seed: UInt64, nodes: Int, relations: Int, edges: Int) throws {
        let list = Self.randomEdges(nodes: nodes, relations: relations, edges: edges, seed: seed)
        let g = try CSRGraph.build(nodeCount: nodes, relationCount: relations, edges: list)
        let ref = Self.naive(list, nodes: nodes)
        #expect(g.edgeCount == ref.out.reduce(0) { $0 + $1.count })
        for n in 0..<Int32(nodes) {
            let expectedOut = ref.out[Int(n)].sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let gotOut = g.outEdgeRange(n).map { (Int32(g.outRelations[$0]), g.outTargets[$0]) }
            #expect(gotOut.map(\.0) == expectedOut.map(\.0) && gotOut.map(\.1) == expectedOut.map(\.1), "out-edges of \(n)")
            let expectedIn = ref.inn[Int(n)].sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let gotIn = g.inEdgeRange(n).map { (Int32(g.inRelations[$0]), g.inSources[$0]) }
            #expect(gotIn.map(\.0) == expectedIn.map(\.0) && gotIn.map(\.1) == expectedIn.map(\.1), "in-edges of \(n)")
            #expect(g.outDegree(n) == expectedOut.count)
            #expect(g.inDegree(n) == expectedIn.count)
            for r in 0..<Int32(relations) {
                #expect(Array(g.successors(n, relation: r)) == expectedOut.filter { $0.0 == r }.map(\.1))
                #expect(Array(g.predecessors(n, relation: r)) == expectedIn.filter { $0.0 == r }.map(\.1))
            }
        }
        for k in 0..<list.count {
            #expect(g.contains(head: list.heads[k], relation: list.relations[k], tail: list.tails[k]))
        }
    }

    @Test func duplicatesAreStoredOnce() throws {
        var list = EdgeList()
        for _ in 0..<3 {
            list.append(head: 0, relation: 0, tail: 1)
            list.append(head: 1, relation: 1, tail: 0)
        }
        list.append(head: 0, relation: 1, tail: 1)  // same pair, other relation: a different triple
        let g = try CSRGraph.build(nodeCount: 2, relationCount: 2, edges: list)
        #expect(g.edgeCount == 3)
        #expect(g.outDegree(0) == 2 && g.inDegree(0) == 1)
        #expect(!g.contains(head: 1, relation: 0, tail: 0))
    }

    @Test func edgeListRoundTripAndExtension() throws {
        let list = Self.randomEdges(nodes: 40, relations: 5, edges: 300, seed: 9)
        let g = try CSRGraph.build(nodeCount: 40, relationCount: 5, edges: list)
        let again = try CSRGraph.build(nodeCount: 40, relationCount: 5, edges: g.edgeList())
        #expect(again == g)
        let bigger = g.extended(nodeCount: 45, relationCount: 6)
        #expect(bigger.nodeCount == 45 && bigger.edgeCount == g.edgeCount)
        #expect(bigger.outDegree(44) == 0 && bigger.inDegree(44) == 0)
        #expect(try CSRGraph.build(nodeCount: 45, relationCount: 6, edges: g.edgeList()) == bigger)
    }

    @Test func adjacencyCostsTwelveBytesPerTriplePlusOffsets() throws {
        let list = Self.randomEdges(nodes: 100, relations: 4, edges: 2000, seed: 5)
        let g = try CSRGraph.build(nodeCount: 100, relationCount: 4, edges: list)
        #expect(g.memoryBytes == g.edgeCount * 12 + 101 * 8)
    }

    @Test func rejectsOutOfRangeIdsAndTooManyRelations() {
        var list = EdgeList()
        list.append(head: 0, relation: 0, tail: 5)
        #expect(throws: GraphError.self) { try CSRGraph.build(nodeCount: 3, relationCount: 1, edges: list) }
        #expect(throws: GraphError.tooManyRelations(70_000, limit: 65_536)) {
            try CSRGraph.build(nodeCount: 1, relationCount: 70_000, edges: EdgeList())
        }
    }

    @Test func emptyGraph() throws {
        let g = try CSRGraph.build(nodeCount: 3, relationCount: 0, edges: EdgeList())
        #expect(g.edgeCount == 0 && g.outDegree(2) == 0 && g.successors(1).isEmpty)
    }
}
