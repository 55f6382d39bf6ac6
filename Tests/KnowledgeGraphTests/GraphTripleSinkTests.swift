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
}
