import Foundation
import KnowledgeGraph
import Store
import Testing
import TestSupport
@testable import Recommender

/// The store → recommender bridge on the committed tiny RecBole sample.
@Suite struct StoreCatalogueTests {
    static func withTinyStore(_ body: (KGStore) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-catalogue-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try KGStore.open(at: path, create: true)
        var options = RecBoleDataset.Options()
        options.namespace = IdentifierNamespace("http://rdf.freebase.com/ns/")
        _ = try store.importRecBole(
            directory: TestData.repositoryRoot.appendingPathComponent("datasets/samples/tiny-recbole").path, format: options)
        try body(store)
    }

    @Test func catalogueMirrorsTheStore() throws {
        try Self.withTinyStore { store in
            let c = try StoreCatalogue.load(from: store)
            #expect(c.items.labels.prefix(4) == ["10", "11", "12", "13"])
            #expect(c.itemTitles[0] == "The First Film")
            #expect(c.itemAttributes[1]["class"] == "Action")
            #expect(c.userAttributes[Int(c.users.id("2")!)]["occupation"] == "other")
            // Every triple of the store graph, with store entity ids.
            #expect(c.knowledgeGraph.triples.count == store.graph.tripleCount)
            let g = store.graph
            for t in c.knowledgeGraph.triples {
                #expect(g.graph.contains(head: t.head, relation: t.relation, tail: t.tail))
            }
            // Items link to their entities by store id.
            let f10 = g.entities.id(of: "http://rdf.freebase.com/ns/m.f10")!
            #expect(c.knowledgeGraph.itemEntity[0] == f10)
            #expect(c.knowledgeGraph.vocabulary.entityLabels[Int(f10)] == "http://rdf.freebase.com/ns/m.f10")
        }
    }

    @Test func positivesKeepRatingsAtOrAboveTheThreshold() throws {
        try Self.withTinyStore { store in
            let c = try StoreCatalogue.load(from: store)
            let x = c.positives(ratingThreshold: 4)
            let u1 = Int(c.users.id("1")!), u2 = Int(c.users.id("2")!)
            // user 1 rated item 10 with 5 and 11 with 3; user 2 rated 10 with 4 and 12 with 2.
            #expect(x.items(of: u1).map { c.items.labels[Int($0)] }.contains("10"))
            #expect(!x.items(of: u1).map { c.items.labels[Int($0)] }.contains("11"))
            #expect(x.items(of: u2).map { c.items.labels[Int($0)] } == ["10"])
        }
    }

    @Test func splitFilesMustNameStoreItems() throws {
        try Self.withTinyStore { store in
            let c = try StoreCatalogue.load(from: store)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-split-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try "user_id\titem_id\trating\n1\t10\t5\n2\t11\t4\n".write(toFile: dir + "/train.tsv", atomically: true, encoding: .utf8)
            try "user_id\titem_id\trating\n1\t99\t5\n".write(toFile: dir + "/bad.tsv", atomically: true, encoding: .utf8)
            let d = try c.dataset(trainPath: dir + "/train.tsv", testPath: nil)
            #expect(d.train.count == 2 && d.items.count == c.items.count)
            #expect(throws: RecommenderDataError.unknownItem(path: dir + "/bad.tsv", line: 2, item: "99")) {
                try c.dataset(trainPath: dir + "/bad.tsv", testPath: nil)
            }
        }
    }
}
