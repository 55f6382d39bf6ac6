import Testing
import RDF
import TestSupport

@Suite("GraphIsomorphism")
struct GraphIsomorphismTests {
    static let p = "http://example.org/p"
    static let q = "http://example.org/q"

    func b(_ label: String) -> Term { .blank(label) }
    func iri(_ s: String) -> Term { .iri("http://example.org/" + s) }
    func lit(_ s: String) -> Term { .literal(Literal(s)) }

    /// A directed cycle of `n` blank nodes over predicate `p`.
    func cycle(_ names: [String]) -> [Triple] {
        names.indices.map { Triple(b(names[$0]), Self.p, b(names[($0 + 1) % names.count])) }
    }

    @Test("identical ground graphs are isomorphic; order and duplicates do not matter")
    func ground() {
        let g = [Triple(iri("a"), Self.p, iri("b")), Triple(iri("a"), Self.q, lit("x"))]
        #expect(GraphIsomorphism.isIsomorphic(g, g.reversed()))
        #expect(GraphIsomorphism.isIsomorphic(g + g, g))
        #expect(GraphIsomorphism.isIsomorphic([], []))
    }

    @Test("differing ground triples are not isomorphic")
    func groundDiffers() {
        let g = [Triple(iri("a"), Self.p, lit("x"))]
        #expect(!GraphIsomorphism.isIsomorphic(g, [Triple(iri("a"), Self.p, lit("y"))]))
        #expect(!GraphIsomorphism.isIsomorphic(g, [Triple(iri("a"), Self.p, .literal(Literal("x", language: "en")))]))
        #expect(!GraphIsomorphism.isIsomorphic(g, g + [Triple(iri("a"), Self.q, lit("x"))]))
    }

    @Test("relabelled blank nodes are isomorphic")
    func relabelled() {
        let a = [
            Triple(b("x"), Self.p, b("y")), Triple(b("y"), Self.q, lit("1")),
            Triple(iri("s"), Self.p, b("x")), Triple(b("x"), Self.q, lit("2")),
        ]
        let c = [
            Triple(b("n2"), Self.q, lit("1")), Triple(b("n1"), Self.q, lit("2")),
            Triple(iri("s"), Self.p, b("n1")), Triple(b("n1"), Self.p, b("n2")),
        ]
        #expect(GraphIsomorphism.isIsomorphic(a, c))
    }

    @Test("blank nodes swapped across predicates: same line shape, not isomorphic")
    func swappedAcrossPredicates() {
        // With blank labels blanked out, both graphs sort to the same lines.
        let a = [Triple(b("a"), Self.p, b("b")), Triple(b("a"), Self.q, lit("1")), Triple(b("b"), Self.q, lit("2"))]
        let c = [Triple(b("a"), Self.p, b("b")), Triple(b("a"), Self.q, lit("2")), Triple(b("b"), Self.q, lit("1"))]
        #expect(!GraphIsomorphism.isIsomorphic(a, c))
    }

    @Test("a 6-cycle is not two 3-cycles, though colour refinement cannot tell them apart")
    func cycles() {
        let six = cycle(["a", "b", "c", "d", "e", "f"])
        let twoThrees = cycle(["a", "b", "c"]) + cycle(["d", "e", "f"])
        #expect(!GraphIsomorphism.isIsomorphic(six, twoThrees))
        #expect(!GraphIsomorphism.isIsomorphic(twoThrees, six))
        #expect(GraphIsomorphism.isIsomorphic(six, cycle(["u", "v", "w", "x", "y", "z"]).reversed()))
        #expect(GraphIsomorphism.isIsomorphic(twoThrees, cycle(["k", "l", "m"]) + cycle(["r", "s", "t"])))
    }

    @Test("self-loops are not a 2-cycle")
    func selfLoops() {
        let loops = [Triple(b("a"), Self.p, b("a")), Triple(b("b"), Self.p, b("b"))]
        let twoCycle = [Triple(b("a"), Self.p, b("b")), Triple(b("b"), Self.p, b("a"))]
        #expect(!GraphIsomorphism.isIsomorphic(loops, twoCycle))
        #expect(GraphIsomorphism.isIsomorphic(loops, [Triple(b("z"), Self.p, b("z")), Triple(b("y"), Self.p, b("y"))]))
    }

    @Test("a blank node never matches an IRI, and blank counts must agree")
    func blankVersusIRI() {
        #expect(!GraphIsomorphism.isIsomorphic([Triple(b("a"), Self.p, lit("1"))], [Triple(iri("a"), Self.p, lit("1"))]))
        // One shared blank node versus two distinct ones.
        let shared = [Triple(b("a"), Self.p, lit("1")), Triple(b("a"), Self.q, lit("2"))]
        let split = [Triple(b("a"), Self.p, lit("1")), Triple(b("b"), Self.q, lit("2"))]
        #expect(!GraphIsomorphism.isIsomorphic(shared, split))
    }

    @Test("a symmetric structure needs backtracking and still finds the mapping")
    func symmetricSearch() {
        // Two identical 'stars' sharing leaf literals, plus a chain between their centres.
        func star(_ c: String, _ leaves: [String]) -> [Triple] {
            leaves.map { Triple(b(c), Self.p, b($0)) } + leaves.map { Triple(b($0), Self.q, lit("leaf")) }
        }
        let a = star("c1", ["l1", "l2", "l3"]) + star("c2", ["l4", "l5", "l6"]) + [Triple(b("c1"), Self.q, b("c2"))]
        let c = star("C2", ["m6", "m4", "m5"]) + star("C1", ["m2", "m3", "m1"]) + [Triple(b("C1"), Self.q, b("C2"))]
        #expect(GraphIsomorphism.isIsomorphic(a, c))
        // Same number of triples and the same line shape, but the link ends at a leaf.
        let linkToLeaf = star("C2", ["m6", "m4", "m5"]) + star("C1", ["m2", "m3", "m1"]) + [Triple(b("C1"), Self.q, b("m4"))]
        #expect(!GraphIsomorphism.isIsomorphic(a, linkToLeaf))
    }
}
