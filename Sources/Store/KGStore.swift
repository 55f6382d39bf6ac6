import Foundation
import GRDB
import KnowledgeGraph

/// A kgrec store: a directory holding the SQLite system of record
/// (`kgrec.sqlite`, WAL mode) and the CSR graph snapshot (`graph/graph-<generation>.kgg`).
///
/// The database records which snapshot generation is current and its checksum;
/// an import writes the next generation's snapshot first (temp file, fsync,
/// rename), then commits every database change and the new generation number in
/// one transaction. A failure before the commit leaves the old generation
/// current, so each import is all-or-nothing.
///
/// A store is used from one thread at a time (it is not `Sendable`).
public final class KGStore {
    /// The store directory.
    public let directory: String
    /// Path of the SQLite database.
    public var databasePath: String { directory + "/kgrec.sqlite" }
    /// Directory of graph snapshots.
    public var graphDirectory: String { directory + "/graph" }

    let db: DatabaseQueue
    /// The knowledge graph of the current generation.
    public private(set) var graph: KnowledgeGraph
    /// The current snapshot generation (0 = no snapshot yet, empty graph).
    public private(set) var graphGeneration: Int
    /// Wall time spent reading and validating the graph snapshot when the store was opened.
    public private(set) var graphLoadSeconds: Double

    /// The store format version this build reads and writes.
    public static var formatVersion: Int { StoreSchema.version }

    /// Path of the snapshot file of `generation`.
    public func snapshotPath(generation: Int) -> String { "\(graphDirectory)/graph-\(generation).kgg" }

    /// Opens the store at `directory`, creating it when `create` is true and it does not exist.
    public static func open(at directory: String, create: Bool) throws(StoreError) -> KGStore {
        try KGStore(directory: directory, create: create)
    }

    private init(directory: String, create: Bool) throws(StoreError) {
        self.directory = directory
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let dbPath = directory + "/kgrec.sqlite"
        if !fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard create else { throw .noStore(path: directory) }
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .io(path: directory, message: "cannot create directory: \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw .notAStore(path: directory, reason: "it is a file, not a directory")
        }
        let isNew = !fm.fileExists(atPath: dbPath)
        if isNew && !create { throw .noStore(path: directory) }
        if !fm.fileExists(atPath: directory + "/graph") {
            do { try fm.createDirectory(atPath: directory + "/graph", withIntermediateDirectories: true) } catch {
                throw .io(path: directory + "/graph", message: "cannot create directory: \(error.localizedDescription)")
            }
        }
        // WAL mode is set once, when the database is created (it persists in the file).
        // GRDB's `.wal` configuration is not used: it writes to the database on every
        // open when the WAL file is absent, and opening a store must not change it.
        do {
            db = try DatabaseQueue(path: dbPath, configuration: Configuration())
            if isNew {
                try db.writeWithoutTransaction { db in
                    guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                        throw StoreError.database(path: dbPath, message: "cannot switch the database to WAL mode")
                    }
                }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw .database(path: dbPath, message: "\(error)")
        }
        graph = KnowledgeGraph()
        graphGeneration = 0
        graphLoadSeconds = 0
        let meta: (generation: Int, checksum: String?, triples: Int)
        do {
            meta = try db.write { db -> (Int, String?, Int) in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                var version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if tables == 0 {
                    for sql in StoreSchema.statements { try db.execute(sql: sql) }
                    try db.execute(sql: "PRAGMA application_id = \(StoreSchema.applicationID)")
                    try db.execute(sql: "PRAGMA user_version = \(StoreSchema.version)")
                    try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('created_at', ?), ('graph_generation', '0')",
                                   arguments: [Self.timestamp()])
                    return (0, nil, 0)
                }
                guard appID == StoreSchema.applicationID else {
                    throw StoreError.notAStore(path: dbPath, reason: "the database was not created by kgrec (application_id \(appID))")
                }
                if version == 2 {
                    for sql in StoreSchema.upgradeFrom2 { try db.execute(sql: sql) }
                    try db.execute(sql: "PRAGMA user_version = \(StoreSchema.version)")
                    version = StoreSchema.version
                }
                guard version == StoreSchema.version else {
                    throw StoreError.unsupportedFormat(path: dbPath, found: version, supported: StoreSchema.version)
                }
                let gen = Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'graph_generation'") ?? "0") ?? 0
                let sum = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'graph_checksum'")
                let triples = Int(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'graph_triples'") ?? "0") ?? 0
                return (gen, sum, triples)
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw .database(path: dbPath, message: "\(error)")
        }
        graphGeneration = meta.generation
        if meta.generation > 0 {
            let path = snapshotPath(generation: meta.generation)
            let clock = ContinuousClock()
            let start = clock.now
            let loaded: (graph: KnowledgeGraph, checksum: UInt64)
            do { loaded = try GraphSnapshot.read(from: path) } catch { throw .snapshot(error) }
            graphLoadSeconds = Self.seconds(clock.now - start)
            guard meta.checksum == String(loaded.checksum, radix: 16) else {
                throw .inconsistent(path: path, reason: "snapshot checksum \(String(loaded.checksum, radix: 16)) is not the one the database recorded (\(meta.checksum ?? "none"))")
            }
            guard loaded.graph.tripleCount == meta.triples else {
                throw .inconsistent(path: path, reason: "snapshot has \(loaded.graph.tripleCount) triples, the database recorded \(meta.triples)")
            }
            graph = loaded.graph
        }
    }

    /// Deletes snapshot files of generations other than the current one (left by an
    /// interrupted import). Only called under the import lock, when no other import can be
    /// between writing its snapshot and committing it.
    func removeOrphanSnapshots() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: graphDirectory) else { return }
        let current = "graph-\(graphGeneration).kgg"
        for n in names where n.hasPrefix("graph-") && n != current {
            AtomicFile.remove(graphDirectory + "/" + n)
        }
    }

    /// Installs a committed graph generation (called after the database commit).
    func adopt(graph newGraph: KnowledgeGraph, generation: Int, removeOld: Bool = true) {
        let old = graphGeneration
        graph = newGraph
        graphGeneration = generation
        if removeOld && old != generation && old > 0 { AtomicFile.remove(snapshotPath(generation: old)) }
    }

    /// Runs `body` against the database, mapping its errors.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try db.read(body) } catch let e as StoreError { throw e } catch {
            throw .database(path: databasePath, message: "\(error)")
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    // MARK: - Lookups

    /// Users by external id (dense ids in id order).
    public func userDictionary() throws(StoreError) -> Interner {
        let names = try read { db in try String.fetchAll(db, sql: "SELECT external_id FROM users ORDER BY id") }
        do { return try Interner(strings: names) } catch {
            throw .inconsistent(path: databasePath, reason: "users: \(error)")
        }
    }

    /// Items by external id, and each item's KG entity id (-1 when not linked).
    public func itemDictionary() throws(StoreError) -> (items: Interner, entity: [Int32]) {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT external_id, entity_id FROM items ORDER BY id").map {
                (row: Row) -> (String, Int32) in (row[0], (row[1] as Int64?).map { Int32($0) } ?? -1)
            }
        }
        do { return (try Interner(strings: rows.map(\.0)), rows.map(\.1)) } catch {
            throw .inconsistent(path: databasePath, reason: "items: \(error)")
        }
    }

    /// The display label of an entity, if any.
    public func label(ofEntity id: Int32) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT label FROM entities WHERE id = ?", arguments: [Int64(id)]) }
    }

    /// The literal attributes of an entity, sorted by predicate and value (bytewise).
    public func attributes(ofEntity id: Int32) throws(StoreError) -> [EntityAttribute] {
        let path = databasePath
        return try read { db in
            guard let blob = try Data.fetchOne(db, sql: "SELECT data FROM entity_attributes WHERE entity_id = ?",
                                               arguments: [Int64(id)]).map({ [UInt8]($0) })
            else { return [] }
            var keys = [Int: AttributeKey]()
            for row in try Row.fetchAll(db, sql: "SELECT id, predicate, datatype, lang FROM attribute_keys") {
                keys[row[0]] = AttributeKey(predicate: row[1], datatype: row[2], language: row[3])
            }
            let records: [(key: Int, value: String)]
            do { records = try AttributeBlob.decode(blob) } catch {
                throw StoreError.inconsistent(path: path, reason: "attributes of entity \(id) are not a valid record list")
            }
            var out = [EntityAttribute]()
            out.reserveCapacity(records.count)
            for r in records {
                guard let k = keys[r.key] else {
                    throw StoreError.inconsistent(path: path, reason: "attribute of entity \(id) has unknown key \(r.key)")
                }
                out.append(EntityAttribute(entity: id, predicate: k.predicate, value: r.value, datatype: k.datatype,
                                           language: k.language.isEmpty ? nil : k.language))
            }
            return out.sorted { a, b in
                a.predicate == b.predicate && a.predicate.utf8.elementsEqual(b.predicate.utf8)
                    ? a.value.utf8.lexicographicallyPrecedes(b.value.utf8)
                    : a.predicate.utf8.lexicographicallyPrecedes(b.predicate.utf8)
            }
        }
    }

    /// Attributes of a user by external id, sorted by name.
    public func userAttributes(_ externalID: String) throws(StoreError) -> [String: String] {
        try read { db in
            var out = [String: String]()
            for row in try Row.fetchAll(db, sql: """
                SELECT a.name, a.value FROM user_attributes a JOIN users u ON u.id = a.user_id WHERE u.external_id = ?
                """, arguments: [externalID]) { out[row[0]] = row[1] }
            return out
        }
    }

    /// Interactions as parallel arrays of dense user and item ids, values and times, in id order.
    public func interactions() throws(StoreError) -> (users: [Int32], items: [Int32], values: [Double?], timestamps: [Double?]) {
        try read { db in
            var u = [Int32](), i = [Int32](), v = [Double?](), t = [Double?]()
            let cursor = try Row.fetchCursor(db, sql: "SELECT user_id, item_id, value, ts FROM interactions ORDER BY id")
            while let row = try cursor.next() {
                u.append(Int32(row[0] as Int64)); i.append(Int32(row[1] as Int64))
                v.append(row[2]); t.append(row[3])
            }
            return (u, i, v, t)
        }
    }

    /// The import history, oldest first: (id, kind, sources, finished at).
    public func importHistory() throws(StoreError) -> [(id: Int, kind: String, sources: String, finishedAt: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, sources, finished_at FROM imports ORDER BY id").map {
                (id: $0[0], kind: $0[1], sources: $0[2], finishedAt: $0[3])
            }
        }
    }
}
