import Foundation
import KnowledgeGraph
import Testing
@testable import Store

/// The real MovieLens-100K + Freebase KG import. Runs when the dataset is fetched
/// (`datasets/movielens-100k/fetch.sh`; the main job and CI do).
@Suite struct MovieLensImportTests {
    static var directory: String { Samples.root + "/../movielens-100k/ml-100k" }
    static var enabled: Bool {
        FileManager.default.fileExists(atPath: directory + "/ml-100k.kg")
    }

    @Test(.enabled(if: enabled, "MovieLens-100K is not fetched: run datasets/movielens-100k/fetch.sh (CI does)"))
    func importsTheWholeDataset() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        var f = RecBoleDataset.Options()
        f.namespace = IdentifierNamespace(Samples.freebase)
        f.buckets = [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]
        let r = try s.importRecBole(directory: Self.directory, format: f)
        #expect(r.addedTriples == 91_631 && r.addedEntities == 34_628 && r.addedRelations == 24)
        #expect(r.addedUsers == 943 && r.addedItems == 1_682 && r.addedInteractions == 100_000 && r.linkedItems == 1_598)
        let o = try s.importOntology(files: [Samples.filmOntology])
        #expect(o.addedInversePairs == 10)
        let st = try t.open(create: false).statistics()
        #expect(st.triples == 91_631 + o.addedTriples)
        #expect(st.itemsLinked == 1_598 && st.itemsLinkedInGraph == 1_598)
        #expect(st.labelledRelations == 24)
        #expect(st.adjacencyBytesPerTriple <= 16)
        let again = try s.importRecBole(directory: Self.directory, format: f)
        #expect(again.addedTriples == 0 && again.addedInteractions == 0 && again.addedUsers == 0)
    }
}
