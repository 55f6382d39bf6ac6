import Foundation
import Testing
import KnowledgeGraph
import RDF
@testable import Store

/// `importOntology` reads Turtle (detected by extension or content) into the same graph as
/// the N-Triples rendering of the same ontology.
@Suite("Turtle ontology import")
struct TurtleOntologyImportTests {
    static let turtle = """
        @prefix ex: <http://e.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        ex:directedBy owl:inverseOf ex:directed ; rdfs:label "directed by"@en .
        ex:f1 a ex:Film ;
            rdfs:label "Film one"@en , "Film un"@fr ;
            ex:directedBy ex:p1 , ex:p2 ;
            ex:runtime 95 ;
            ex:award [ ex:year "1999"^^xsd:gYear ] .
        ex:p1 rdfs:label \"\"\"Person
        one\"\"\" .
        """

    static let ntriples = """
        <http://e.org/directedBy> <http://www.w3.org/2002/07/owl#inverseOf> <http://e.org/directed> .
        <http://e.org/directedBy> <http://www.w3.org/2000/01/rdf-schema#label> "directed by"@en .
        <http://e.org/f1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e.org/Film> .
        <http://e.org/f1> <http://www.w3.org/2000/01/rdf-schema#label> "Film one"@en .
        <http://e.org/f1> <http://www.w3.org/2000/01/rdf-schema#label> "Film un"@fr .
        <http://e.org/f1> <http://e.org/directedBy> <http://e.org/p1> .
        <http://e.org/f1> <http://e.org/directedBy> <http://e.org/p2> .
        <http://e.org/f1> <http://e.org/runtime> "95"^^<http://www.w3.org/2001/XMLSchema#integer> .
        <http://e.org/f1> <http://e.org/award> _:b1 .
        _:b1 <http://e.org/year> "1999"^^<http://www.w3.org/2001/XMLSchema#gYear> .
        <http://e.org/p1> <http://www.w3.org/2000/01/rdf-schema#label> "Person\\none" .

        """

    func counts(_ r: ImportReport) -> [Int] {
        [r.rowsRead, r.addedEntities, r.addedRelations, r.addedTriples, r.addedInversePairs, r.labelsSet, r.addedAttributes]
    }

    @Test("a .ttl file and a Turtle file without extension import like their N-Triples rendering")
    func sameAsNTriples() throws {
        var reports: [[Int]] = []
        for (name, text) in [("onto.nt", Self.ntriples), ("onto.ttl", Self.turtle), ("onto.data", Self.turtle)] {
            let t = TemporaryStore()
            defer { t.cleanup() }
            let s = try t.open()
            let r = try s.importOntology(files: [t.file(name, text)])
            reports.append(counts(r))
            let f1 = s.graph.entities.id(of: "http://e.org/f1")!
            #expect(try s.label(ofEntity: f1) == "Film one")
            let p1 = s.graph.entities.id(of: "http://e.org/p1")!
            #expect(try s.label(ofEntity: p1) == "Person\none")
        }
        #expect(reports[0][0] == 11)
        #expect(reports[0][4] == 1)
        #expect(reports[1] == reports[0])
        #expect(reports[2] == reports[0])
    }

    @Test("a Turtle syntax error fails the import with its file, line and column")
    func syntaxError() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let bad = t.file("bad.ttl", "@prefix ex: <http://e.org/> .\nex:a ex:p ex:b ;\n  ex:q .\n")
        do {
            _ = try s.importOntology(files: [bad])
            Issue.record("the import must fail")
        } catch {
            guard case .importFailed(.rdf(let file, let err)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file.hasSuffix("bad.ttl"))
            #expect(err.location?.line == 3 && err.location?.column == 8)
        }
    }
}
