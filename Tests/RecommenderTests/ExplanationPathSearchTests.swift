import Foundation
import KnowledgeGraph
import Testing
@testable import Recommender

/// A hand-built film graph with known best paths:
/// - A directed_by D, T directed_by D (inverse `director_of` declared, not stored): A → D → T;
/// - B starring X, T starring X (no inverse declared): B → X → T with "inverse of starring";
/// - C sequel T: the direct path C → T;
/// - every film and 20 fillers F0…F19 have genre G (a hub of degree 24), stored both ways for A;
/// - A similar F0, so A → F0 → G → T exists only when the hub G may be expanded.
struct ExplanationFixture {
    static let ns = "http://example.org/"
    let graph: ExplanationGraph
    let kg: KnowledgeGraph

    init() throws {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        func e(_ s: String) -> String { Self.ns + s }
        b.declareInverse(e("directed_by"), e("director_of"))
        b.declareInverse(e("genre"), e("genre_of"))
        b.addEdge(head: e("A"), relation: e("directed_by"), tail: e("D"))
        b.addEdge(head: e("T"), relation: e("directed_by"), tail: e("D"))
        b.addEdge(head: e("B"), relation: e("starring"), tail: e("X"))
        b.addEdge(head: e("T"), relation: e("starring"), tail: e("X"))
        b.addEdge(head: e("C"), relation: e("sequel"), tail: e("T"))
        for f in ["A", "B", "C", "T"] + (0..<20).map({ "F\($0)" }) { b.addEdge(head: e(f), relation: e("genre"), tail: e("G")) }
        b.addEdge(head: e("G"), relation: e("genre_of"), tail: e("A"))
        b.addEdge(head: e("A"), relation: e("similar"), tail: e("F0"))
        let built = try b.build()
        kg = built
        let items = ["A", "B", "C", "T", "F0"]
        graph = ExplanationGraph(
            graph: built, entityLabels: [built.entities.id(of: e("D"))!: "Director \"D\""],
            itemEntity: items.map { built.entities.id(of: e($0))! }, itemIdentifiers: items.map { "item-\($0)" },
            itemTitles: items.map { "Film \($0)" })
    }

    /// A (0.5), B (0.3), C (0.2) explain T (item 3).
    static let sources = [ExplanationSource(item: 0, contribution: 0.5), ExplanationSource(item: 1, contribution: 0.3),
                          ExplanationSource(item: 2, contribution: 0.2)]

    func search(maxHops: Int = 3, paths: Int = 10, hubCap: Int = 10) throws -> ExplanationSearchResult {
        var s = ExplanationSettings()
        s.maxHops = maxHops
        s.paths = paths
        s.hubCap = hubCap
        var search = try ExplanationPathSearch(graph: graph, settings: s)
        return search.search(sources: Self.sources, target: 3)
    }

    func names(_ p: ExplanationFoundPath) -> [String] {
        p.nodes.map { String(kg.entities.string(for: $0).dropFirst(Self.ns.count)) }
    }
}

@Suite struct ExplanationPathSearchTests {
    @Test func knownBestPathsInOrder() throws {
        let f = try ExplanationFixture()
        let r = try f.search(paths: 3)
        #expect(r.paths.map(f.names) == [["A", "D", "T"], ["C", "T"], ["B", "X", "T"]])
        // ln σ − Σ ln degree(intermediate): D and X have degree 2.
        #expect(abs(r.paths[0].score - (log(0.5) - log(2.0))) < 1e-6)
        #expect(abs(r.paths[1].score - log(0.2)) < 1e-6)
        #expect(abs(r.paths[2].score - (log(0.3) - log(2.0))) < 1e-6)
    }

    @Test func inverseStepsAreLabelledWithTheDeclaredInverseOrInverseOf() throws {
        let f = try ExplanationFixture()
        let r = try f.search(paths: 3)
        let ad = WarmExplainer.kgSteps(r.paths[0], graph: f.graph)
        #expect(ad.map(\.direction) == ["forward", "inverse"])
        #expect(ad.map(\.relationLabel) == ["directed by", "director of"])
        #expect(ad.map(\.relation) == [ExplanationFixture.ns + "directed_by", ExplanationFixture.ns + "directed_by"])
        #expect(ad[0].label == "Director \"D\"" && ad[1].item == "item-T" && ad[1].entityType == "item")
        let bx = WarmExplainer.kgSteps(r.paths[2], graph: f.graph)
        #expect(bx.map(\.relationLabel) == ["starring", "inverse of starring"])
        let ct = WarmExplainer.kgSteps(r.paths[1], graph: f.graph)
        #expect(ct.map(\.direction) == ["forward"] && ct[0].relationLabel == "sequel")
    }

    @Test func documentListsPathsByShareOfTheScore() throws {
        let f = try ExplanationFixture()
        let r = try f.search(paths: 3)
        let d = WarmExplainer(search: try ExplanationPathSearch(graph: f.graph, settings: ExplanationSettings()))
            .document(user: "u", item: 3, score: 1, paths: r.paths)
        #expect(d.paths.count == r.paths.count)
        #expect(zip(d.paths, d.paths.dropFirst()).allSatisfy { $0.share >= $1.share })
        #expect(Set(d.paths.map(\.share)) == Set(r.paths.map(\.share)))
    }

    @Test func unlabelledEntitiesShowTheirLocalNameNeverTheWholeIRI() throws {
        let f = try ExplanationFixture()
        let r = try f.search(paths: 3)
        let bx = WarmExplainer.kgSteps(r.paths[2], graph: f.graph)
        #expect(bx[0].label == "X")
        #expect(bx[0].entity == ExplanationFixture.ns + "X")
        #expect(ExplanationGraph.localName("http://rdf.freebase.com/ns/m.01mylz") == "m.01mylz")
        #expect(ExplanationGraph.localName("http://example.org/onto#Margherita") == "Margherita")
        #expect(ExplanationGraph.localName("http://example.org/dir/") == "http://example.org/dir/")
        #expect(ExplanationGraph.localName("_:b0") == "_:b0")
    }

    @Test func factsStoredUnderBothInversesAreWalkedOnce() throws {
        let f = try ExplanationFixture()
        let all = try f.search(paths: 1000).paths
        let keys = all.map { "\(f.names($0))" }
        #expect(Set(keys).count == keys.count, "each node sequence once: \(keys)")
        #expect(keys.contains("[\"A\", \"G\", \"T\"]"))
        // G: 24 films, the A–G fact counted once although stored twice.
        #expect(f.graph.degree[Int(f.kg.entities.id(of: ExplanationFixture.ns + "G")!)] == 24)
    }

    @Test func hubCapStopsExpansionThroughHubs() throws {
        let f = try ExplanationFixture()
        let through = ["A", "F0", "G", "T"]
        #expect(!(try f.search(paths: 1000, hubCap: 10)).paths.contains { f.names($0) == through })
        #expect((try f.search(paths: 1000, hubCap: 100)).paths.contains { f.names($0) == through })
        // The hub is penalised: the 2-hop genre path ranks below the specific ones.
        let r = try f.search(paths: 1000, hubCap: 100)
        let genre = try #require(r.paths.firstIndex { f.names($0) == ["A", "G", "T"] })
        #expect(genre > 2)
    }

    @Test func aReusedSearchWithNewLimitsAnswersLikeAFreshOne() throws {
        let f = try ExplanationFixture()
        var s = ExplanationSettings()
        s.hubCap = 100
        var reused = try ExplanationPathSearch(graph: f.graph, settings: s)
        for (hops, paths) in [(3, 1000), (1, 5), (2, 2), (3, 3), (2, 1000)] {
            try reused.setRequestLimits(paths: paths, maxHops: hops)
            let again = reused.search(sources: ExplanationFixture.sources, target: 3)
            let fresh = try f.search(maxHops: hops, paths: paths, hubCap: 100)
            #expect(again.paths.map(f.names) == fresh.paths.map(f.names), "maxHops \(hops) paths \(paths)")
            #expect(again.paths.map(\.score) == fresh.paths.map(\.score))
        }
        #expect(throws: ExplanationError.self) { try reused.setRequestLimits(paths: 0, maxHops: 3) }
    }

    @Test func maxHopsBoundsPathLength() throws {
        let f = try ExplanationFixture()
        #expect(try f.search(maxHops: 1).paths.map(f.names) == [["C", "T"]])
        let two = try f.search(maxHops: 2, paths: 1000, hubCap: 100).paths
        #expect(two.allSatisfy { $0.hops <= 2 } && two.contains { $0.hops == 2 })
        let three = try f.search(maxHops: 3, paths: 1000, hubCap: 100).paths
        #expect(three.contains { $0.hops == 3 } && three.allSatisfy { $0.hops <= 3 })
        for p in three { #expect(Set(p.nodes).count == p.nodes.count, "simple path") }
    }

    @Test func sharesSplitTheStartShareByPathWeight() throws {
        let f = try ExplanationFixture()
        let all = try f.search(paths: 1000).paths
        // C's paths: C → T (weight 1) and C → G → T (weight e^−5/24: G has degree 24, above the cap of 10).
        let ct = try #require(all.first { f.names($0) == ["C", "T"] })
        #expect(abs(ct.share - 0.2 / (1 + exp(-5.0) / 24)) < 1e-6)
        let total = all.reduce(0) { $0 + $1.share }
        #expect(total <= 1 + 1e-9 && total > 0.99)
    }

    @Test func earlyTerminationKeepsTheBestPaths() throws {
        let f = try ExplanationFixture()
        let exhaustive = try f.search(paths: 1000).paths
        let top2 = try f.search(paths: 2)
        #expect(top2.paths.map(f.names) == exhaustive.prefix(2).map(f.names))
        #expect(top2.paths.map(\.score) == exhaustive.prefix(2).map(\.score))
    }

    @Test func nonPositiveAndUnlinkedStartsYieldNoPath() throws {
        let f = try ExplanationFixture()
        var search = try ExplanationPathSearch(graph: f.graph)
        #expect(search.search(sources: [ExplanationSource(item: 0, contribution: -1)], target: 3).paths.isEmpty)
        #expect(search.search(sources: [ExplanationSource(item: 3, contribution: 1)], target: 3).paths.isEmpty)
    }

    @Test func plausibilityReordersPathsWhenVectorsAreGiven() throws {
        let f = try ExplanationFixture()
        let n = f.graph.nodeCount, m = f.graph.csr.relationCount
        // 1-d vectors: every entity at 0 except D at 10, so steps touching D are implausible.
        var ev = [Float](repeating: 0, count: n)
        ev[Int(f.kg.entities.id(of: ExplanationFixture.ns + "D")!)] = 10
        let emb = try ExplanationEmbeddings(dimension: 1, entityVectors: ev, relationVectors: [Float](repeating: 0, count: m), entityCount: n, relationCount: m)
        var s = ExplanationSettings()
        s.paths = 3
        s.hubCap = 10
        var search = try ExplanationPathSearch(graph: f.graph, settings: s, embeddings: emb)
        let r = search.search(sources: ExplanationFixture.sources, target: 3)
        #expect(r.paths.map(f.names) == [["C", "T"], ["B", "X", "T"], ["A", "G", "T"]])
        #expect(throws: ExplanationError.self) {
            _ = try ExplanationEmbeddings(dimension: 2, entityVectors: ev, relationVectors: [], entityCount: n, relationCount: m)
        }
    }

    @Test func settingsAreValidated() throws {
        let f = try ExplanationFixture()
        var s = ExplanationSettings()
        s.maxHops = 5
        #expect(throws: ExplanationError.self) { _ = try ExplanationPathSearch(graph: f.graph, settings: s) }
    }
}
