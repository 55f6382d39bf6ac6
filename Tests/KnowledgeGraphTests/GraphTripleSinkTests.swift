import RDF
import Testing
@testable import KnowledgeGraph

@Suite struct GraphTripleSinkTests {
    static let ex = "http://example.org/"

    func run(_ triples: [Triple], policy: LabelPolicy = .init()) throws -> (KnowledgeGraph, GraphTripleSink) {
        var sink = GraphTripleSink(builder: KnowledgeGraphBuilder(base: KnowledgeGraph()), policy: policy, blankPrefix: "_:t.")
        for t in triples { try sink.consume(t) }
        return (try sink.builder.build(), sink)
    }

    @Test func literalsBecomeLabelsAndAttributesNotEdges() throws {
        let ex = Self.ex
        let (g, sink) = try run([
            Triple(.iri(ex + "a"), Vocabulary.rdfsLabel, .literal(Literal("Ah", language: "de"))),
            Triple(.iri(ex + "a"), Vocabulary.rdfsLabel, .literal(Literal("A", language: "en-GB"))),
            Triple(.iri(ex + "a"), LabelPolicy.skosPrefLabel, .literal(Literal("A!", language: "en"))),
            Triple(.iri(ex + "a"), ex + "age", .literal(Literal("42", datatype: Vocabulary.xsd + "integer"))),
            Triple(.iri(ex + "a"), ex + "knows", .iri(ex + "b")),
            Triple(.iri(ex + "a"), Vocabulary.rdfType, .blank("c1")),
        ])
        #expect(g.tripleCount == 2)
        #expect(g.relations.strings == [ex + "knows", Vocabulary.rdfType])
        #expect(g.entities.id(of: "_:t.c1") != nil)
        let a = g.entities.id(of: ex + "a")!
        // "en" beats "en-GB" beats "de", whatever the predicate order says.
        #expect(sink.literals.labels[a] == EntityLabel(text: "A!", language: "en", rank: LabelPolicy().rank(predicateIndex: 1, language: "en")))
        #expect(sink.literals.attributes == [EntityAttribute(entity: a, predicate: ex + "age", value: "42", datatype: Vocabulary.xsd + "integer", language: nil)])
        #expect(sink.statements == 6 && sink.edgeStatements == 2 && sink.literalStatements == 4)
    }

    @Test func languagePreferenceIsConfigurable() throws {
        let ex = Self.ex
        let triples = [
            Triple(.iri(ex + "a"), Vocabulary.rdfsLabel, .literal(Literal("English", language: "en"))),
            Triple(.iri(ex + "a"), Vocabulary.rdfsLabel, .literal(Literal("Deutsch", language: "de"))),
            Triple(.iri(ex + "a"), Vocabulary.rdfsLabel, .literal(Literal("plain"))),
        ]
        let (_, de) = try run(triples, policy: LabelPolicy(languageList: "de,en,"))
        #expect(de.literals.labels.values.first?.text == "Deutsch")
        let (_, plain) = try run(triples, policy: LabelPolicy(languageList: ",en"))
        #expect(plain.literals.labels.values.first?.text == "plain")
    }

    @Test func owlInverseOfDeclaresInverseRelations() throws {
        let ex = Self.ex
        let (g, _) = try run([
            Triple(.iri(ex + "p"), Vocabulary.owlInverseOf, .iri(ex + "q")),
            Triple(.iri(ex + "x"), ex + "p", .iri(ex + "y")),
        ])
        let p = g.relations.id(of: ex + "p")!, q = g.relations.id(of: ex + "q")!
        #expect(g.inverse(of: p) == q && g.inverse(of: q) == p)
        #expect(g.tripleCount == 2)  // the owl:inverseOf statement is an edge too
    }

    /// A mixed document: edges, blank nodes, labels in several languages and attributes
    /// under more distinct (predicate, datatype, language) keys than the sink scans linearly.
    static func mixedTriples(count: Int) -> [Triple] {
        let ex = Self.ex
        var out = [Triple]()
        for k in 0..<count {
            let s = Term.iri(ex + "s\(k / 5)")
            switch k % 5 {
            case 0: out.append(Triple(s, ex + "p\(k % 3)", .iri(ex + "s\((k * 7) % (count / 5 + 1))")))
            case 1: out.append(Triple(s, Vocabulary.rdfType, .blank("b\(k % 11)")))
            case 2: out.append(Triple(s, Vocabulary.rdfsLabel, .literal(Literal("l\(k)", language: k % 2 == 0 ? "en" : "de"))))
            case 3: out.append(Triple(s, ex + "a\(k % 40)", .literal(Literal("\(k % 9)", datatype: Vocabulary.xsd + "integer"))))
            default: out.append(Triple(s, ex + "a\(k % 40)", .literal(Literal("v\(k % 4)", language: "x\(k % 3)"))))
            }
        }
        return out
    }

    @Test func concurrentConsumptionGivesTheSequentialResult() throws {
        let triples = Self.mixedTriples(count: 20_000)
        let (g1, s1) = try run(triples)
        var sink = GraphTripleSink(builder: KnowledgeGraphBuilder(base: KnowledgeGraph()), policy: .init(), blankPrefix: "_:t.")
        try sink.consumeConcurrently(batchSize: 7, depth: 2) { producer in
            for t in triples { try producer.consume(t) }
        }
        #expect(try sink.builder.build() == g1)
        #expect(sink.statements == triples.count && sink.edgeStatements == s1.edgeStatements)
        #expect(sink.literals.labels == s1.literals.labels)
        #expect(sink.literals.attributes == s1.literals.attributes)
        #expect(sink.literals.attributeKeys.count > 16 && sink.literals.attributeCount == 8_000)
        // Attribute keys are shared, not repeated per statement.
        #expect(Set(sink.literals.attributeKeys).count == sink.literals.attributeKeys.count)
    }

    struct Stop: Error, Equatable { let after: Int }

    @Test func producerErrorIsRethrownAfterBothThreadsStop() throws {
        let triples = Self.mixedTriples(count: 5_000)
        var sink = GraphTripleSink(builder: KnowledgeGraphBuilder(base: KnowledgeGraph()), policy: .init(), blankPrefix: "_:t.")
        #expect(throws: Stop(after: 3_001)) {
            try sink.consumeConcurrently(batchSize: 64, depth: 2) { producer in
                for (k, t) in triples.enumerated() {
                    if k == 3_001 { throw Stop(after: k) }
                    try producer.consume(t)
                }
            }
        }
        // Everything handed over before the error was consumed, in order; nothing after it.
        #expect(sink.statements <= 3_001)
    }
}
