import Foundation
import GRDB
import KnowledgeGraph
import Testing
@testable import Store

@Suite struct StoreImportTests {
    @Test func triplesImportIsDeduplicatedAcrossImports() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let file = Samples.root + "/triples.tsv"
        let r1 = try s.importTriples(file: file, format: .init(hasHeader: true))
        #expect(r1.rowsRead == 4 && r1.addedTriples == 3 && r1.addedEntities == 3 && r1.addedRelations == 2)
        let before = try t.fingerprint()
        let r2 = try s.importTriples(file: file, format: .init(hasHeader: true))
        #expect(r2.addedTriples == 0 && r2.addedEntities == 0 && r2.graphGeneration == 1)
        // Only the import history grew; the graph snapshot is the same file.
        #expect(try t.fingerprint()["graph/graph-1.kgg"] == before["graph/graph-1.kgg"])
        #expect(try s.importHistory().count == 2)
        // The dictionary tables mirror the interners.
        let names = try s.db.read { db in try String.fetchAll(db, sql: "SELECT name FROM entities ORDER BY id") }
        #expect(names == s.graph.entities.strings)
    }

    @Test func interactionsAndUsersImport() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let r = try s.importInteractions(
            file: Samples.root + "/ratings.csv",
            format: .init(userColumn: "user", itemColumn: "item", valueColumn: "rating", timeColumn: "time", minValue: 4))
        #expect(r.addedInteractions == 3 && r.belowMinimum == 1 && r.addedUsers == 3 && r.addedItems == 2)
        let again = try s.importInteractions(
            file: Samples.root + "/ratings.csv",
            format: .init(userColumn: "user", itemColumn: "item", valueColumn: "rating", timeColumn: "time", minValue: 4))
        #expect(again.addedInteractions == 0 && again.addedUsers == 0)

        let u = try s.importUsers(
            file: Samples.root + "/users.csv",
            format: .init(idColumn: "id", attributes: ["age_bucket", "gender", "occupation"],
                          buckets: [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]))
        #expect(u.addedUsers == 0)  // users 1, 2 and 4 came with the ratings ("4" quoted there, bare here)
        #expect(try s.userAttributes("4") == ["age_bucket": "25-34", "gender": "F", "occupation": "writer, freelance"])
        #expect(try s.userAttributes("2")["age_bucket"] == "50-55")
        let inter = try s.interactions()
        let users = try s.userDictionary(), items = try s.itemDictionary().items
        #expect(zip(inter.users, inter.items).map { "\(users.string(for: $0)):\(items.string(for: $1))" } == ["1:10", "2:10", "4:12"])
        #expect(inter.values == [5, 4, 4.5] && inter.timestamps == [100, 102, 103])
    }

    @Test func recBoleDatasetImportsAsItIs() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        var f = RecBoleDataset.Options()
        f.namespace = IdentifierNamespace(Samples.freebase)
        f.buckets = [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]
        let r = try s.importRecBole(directory: Samples.tinyRecBole, format: f)
        #expect(r.addedTriples == 8 && r.addedEntities == 6 && r.addedRelations == 6)
        #expect(r.addedUsers == 3 && r.addedItems == 4 && r.addedInteractions == 6 && r.linkedItems == 3)
        let st = try s.statistics()
        #expect(st.itemsLinked == 3 && st.itemsLinkedInGraph == 3)
        #expect(st.userAttributeNames == ["age_bucket", "gender", "occupation", "zip_code"])
        #expect(try s.userAttributes("3")["age_bucket"] == "0-17")
        // Item titles label their linked entities.
        let f10 = s.graph.entities.id(of: Samples.freebase + "m.f10")!
        #expect(try s.label(ofEntity: f10) == "The First Film")
        let (items, entity) = try s.itemDictionary()
        #expect(entity[Int(items.id(of: "13")!)] == -1)
        #expect(entity[Int(items.id(of: "10")!)] == f10)
    }

    @Test func ontologyGivesRelationLabelsTypesAndInverses() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        var f = RecBoleDataset.Options()
        f.namespace = IdentifierNamespace(Samples.freebase)
        _ = try s.importRecBole(directory: Samples.tinyRecBole, format: f)
        let o = try s.importOntology(files: [Samples.filmOntology])
        #expect(o.addedInversePairs == 10)
        let g = s.graph
        let directedBy = g.relations.id(of: Samples.freebase + "film.film.directed_by")!
        let directorOf = g.relations.id(of: Samples.freebase + "film.director.film")!
        #expect(g.inverse(of: directedBy) == directorOf)
        // The property is an entity too, with its label and domain/range edges.
        let prop = g.entities.id(of: Samples.freebase + "film.film.directed_by")!
        #expect(try s.label(ofEntity: prop) == "directed by")
        let domain = g.relations.id(of: "http://www.w3.org/2000/01/rdf-schema#domain")!
        let film = g.entities.id(of: Samples.freebase + "film.film")!
        #expect(Array(g.graph.successors(prop, relation: domain)) == [film])
        let st = try s.statistics()
        // 6 KG relations + the 14 other film properties named by owl:inverseOf, all labelled;
        // rdf:type, rdfs:domain, rdfs:range, rdfs:subClassOf, owl:inverseOf are relations without labels.
        #expect(st.inverseRelationPairs == 10 && st.labelledRelations == 20 && st.relations == 25)
        #expect(st.relationsWithTriples == 11)
        for r in 0..<Int32(g.relations.count) where !g.relations.string(for: r).hasPrefix("http://www.w3.org/") {
            #expect(try s.label(ofEntity: g.entities.id(of: g.relations.string(for: r))!) != nil)
        }
        // m.f10 directed_by m.p1 and m.p1 director.film m.f10 are one fact stored both ways.
        #expect(st.triplesWithInversePresent >= 2)
        // Importing the ontology again adds nothing.
        let again = try s.importOntology(files: [Samples.filmOntology])
        #expect(again.addedTriples == 0 && again.addedEntities == 0 && again.labelsSet == 0 && again.addedAttributes == 0)
    }

    @Test func nTriplesLabelsAttributesAndBlankNodes() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let r = try s.importOntology(files: [Samples.root + "/tiny.nt"])
        #expect(r.rowsRead == 8 && r.addedTriples == 3 && r.addedAttributes == 1 && r.labelsSet == 3)
        let a = s.graph.entities.id(of: "http://example.org/a")!
        #expect(try s.label(ofEntity: a) == "A")
        let b = s.graph.entities.id(of: "http://example.org/b")!
        #expect(try s.attributes(ofEntity: b) == [EntityAttribute(entity: b, predicate: "http://example.org/age", value: "42",
                                                                   datatype: "http://www.w3.org/2001/XMLSchema#integer", language: nil)])
        #expect(s.graph.entities.strings.contains { $0.hasPrefix("_:i\(r.importID).0.") })
        // A second import of the same file mints new blank nodes (they are document-scoped) but no new IRIs.
        let again = try s.importOntology(files: [Samples.root + "/tiny.nt"])
        #expect(again.addedEntities == 1 && again.addedTriples == 1)
    }

    @Test func attributesMergeAcrossImportsWithoutDuplicates() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let first = t.file("one.nt", """
            <http://e.org/x> <http://e.org/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://e.org/x> <http://e.org/name> "caf\u{E9}"@fr .
            <http://e.org/x> <http://e.org/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://e.org/x> <http://e.org/p> <http://e.org/y> .

            """)
        let r1 = try s.importOntology(files: [first])
        #expect(r1.addedAttributes == 2)
        // Same statements again, one new value, and a value canonically equal but not byte-equal (kept: values are bytes).
        let second = t.file("two.nt", """
            <http://e.org/x> <http://e.org/name> "caf\u{E9}"@fr .
            <http://e.org/x> <http://e.org/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://e.org/x> <http://e.org/age> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://e.org/x> <http://e.org/name> "cafe\u{301}"@fr .
            <http://e.org/y> <http://e.org/name> "why" .

            """)
        let r2 = try s.importOntology(files: [second])
        #expect(r2.addedAttributes == 3)
        let again = try s.importOntology(files: [first, second])
        #expect(again.addedAttributes == 0)
        let x = s.graph.entities.id(of: "http://e.org/x")!
        let int = "http://www.w3.org/2001/XMLSchema#integer", lang = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
        #expect(try s.attributes(ofEntity: x) == [
            EntityAttribute(entity: x, predicate: "http://e.org/age", value: "42", datatype: int, language: nil),
            EntityAttribute(entity: x, predicate: "http://e.org/age", value: "7", datatype: int, language: nil),
            EntityAttribute(entity: x, predicate: "http://e.org/name", value: "cafe\u{301}", datatype: lang, language: "fr"),
            EntityAttribute(entity: x, predicate: "http://e.org/name", value: "caf\u{E9}", datatype: lang, language: "fr"),
        ])
        #expect(try s.statistics().entityAttributes == 5)
        // Reopened, the attributes read back the same.
        let reopened = try t.open(create: false)
        #expect(try reopened.attributes(ofEntity: x).count == 4)
        #expect(try reopened.attributes(ofEntity: s.graph.entities.id(of: "http://e.org/y")!).map(\.value) == ["why"])
    }

    @Test func attributeBlobRoundTripsAndRejectsGarbage() throws {
        var records: [(key: Int, value: String)] = [(3, "b"), (1, "z"), (3, "a"), (1, "z"), (200, String(repeating: "é", count: 100)), (2, "")]
        AttributeBlob.normalize(&records)
        #expect(records.map(\.key) == [1, 2, 3, 3, 200] && records.map(\.value).prefix(4) == ["z", "", "a", "b"])
        var blob = [UInt8]()
        for r in records { AttributeBlob.append(key: r.key, value: r.value, to: &blob) }
        let back = try AttributeBlob.decode(blob)
        #expect(back.map(\.key) == records.map(\.key) && back.map(\.value) == records.map(\.value))
        #expect(throws: AttributeBlob.Corrupt.self) { try AttributeBlob.decode(Array(blob.dropLast())) }
        #expect(throws: AttributeBlob.Corrupt.self) { try AttributeBlob.decode([0x80]) }
    }

    @Test func skipBadRowsCountsAndContinues() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let file = t.file("r.tsv", "u\ti\tv\n1\t2\t3\n1\t3\tx\n2\n2\t3\t4\n")
        let r = try s.importInteractions(file: file, format: .init(userColumn: "u", itemColumn: "i", valueColumn: "v"),
                                         options: .init(skipBadRows: true))
        #expect(r.rowsSkipped == 2 && r.addedInteractions == 2 && r.warnings.count == 2)
        #expect(r.warnings[0].contains(":3: column 'v': bad value 'x'"))
    }
}
