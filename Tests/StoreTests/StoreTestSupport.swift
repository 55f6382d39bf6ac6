import Foundation
import GRDB
import KnowledgeGraph
import TestSupport
@testable import Store

/// A fresh store in a temporary directory, removed by `cleanup()`.
struct TemporaryStore {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-store-tests-\(UUID().uuidString)").path
    }

    func open(create: Bool = true) throws -> KGStore { try KGStore.open(at: path, create: create) }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to a file inside a scratch folder beside the store and returns its path.
    func file(_ name: String, _ text: String) -> String {
        let dir = path + "-inputs"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = dir + "/" + name
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Every file of the store (SQLite database, graph snapshots) with its bytes,
    /// after the WAL was folded into the database, so two fingerprints are equal
    /// exactly when the store's persistent state is byte-for-byte the same.
    func fingerprint() throws -> [String: Data] {
        // Fold any committed WAL frames into the database file first, through a separate connection.
        let q = try DatabaseQueue(path: path + "/kgrec.sqlite")
        try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try q.close()
        var out = [String: Data]()
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: path) else { return out }
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix("-wal") || rel.hasSuffix("-shm") { continue }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: path + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + rel))
            }
        }
        return out
    }
}

/// Repository sample files (synthetic, committed under datasets/samples).
enum Samples {
    static var root: String { TestData.repositoryRoot.appendingPathComponent("datasets/samples").path }
    static var tinyRecBole: String { root + "/tiny-recbole" }
    static var filmOntology: String { TestData.repositoryRoot.appendingPathComponent("ontologies/film.rdf").path }
    static let freebase = "http://rdf.freebase.com/ns/"
}

extension KGStore {
    /// Everything a test compares to show "nothing changed".
    func semanticSnapshot() throws -> String {
        let s = try statistics()
        let inter = try interactions()
        return "\(s.entities) \(s.relations) \(s.triples) \(s.users) \(s.userAttributes) \(s.items) \(s.itemAttributes) \(s.interactions) \(s.entityAttributes) \(s.imports) \(s.graphGeneration) \(inter.users) \(inter.items) \(graph.entities.strings)"
    }
}
