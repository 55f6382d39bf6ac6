import Foundation
import GRDB
import KnowledgeGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The model registry: trained models of any kind, each a directory of files under
/// `<store>/models/<id>/` plus one row of the `models` table.
///
/// A registration is all-or-nothing. Under the store's import lock (so ids and the graph
/// generation cannot change underneath it) it reserves the next id, lets the caller write the
/// model's files into a private temporary directory `models/.tmp-<id>-<pid>`, fsyncs every file
/// and renames the directory to `models/<id>`, and only then inserts the row in one transaction.
/// A row therefore always points at a complete directory; a crash or an error leaves at most a
/// temporary or row-less directory behind, which readers never see (they go through the table)
/// and the next registration removes.
///
/// The files are opaque to the store: each kind ("transe", "hybrid", "coldstart", …) defines its
/// own layout, configuration and metrics, e.g.
///
/// ```swift
/// let record = try store.registerModel(kind: "coldstart", configuration: config, metrics: ["auc": 0.71]) { dir in
///     try myModel.write(to: dir)        // any files, any sub-directories
/// }
/// let dir = store.modelDirectory(id: store.latestModel(kind: "coldstart")!.id)
/// ```
extension KGStore {
    /// Directory holding every registered model's directory.
    public var modelsDirectory: String { directory + "/models" }

    /// The directory of model `id` (it exists when `model(id:)` returns a record).
    public func modelDirectory(id: Int) -> String { "\(modelsDirectory)/\(id)" }

    /// Registers a new model of `kind`.
    ///
    /// - Parameters:
    ///   - kind: the model kind, a short lower-case name such as `"transe"`.
    ///   - configuration: how the model was trained; stored as JSON (sorted keys).
    ///   - metrics: what was measured; stored as JSON (sorted keys).
    ///   - lastEventSeq: the last feedback event (`events.seq`) the model has seen (0 = none).
    ///   - write: writes the model's files into the directory it is given (an empty temporary
    ///     directory; the files appear under ``modelDirectory(id:)`` once registered). It must not
    ///     keep the path: the directory is renamed afterwards.
    /// - Returns: the new row. The graph generation recorded is the one this store has loaded
    ///   (``graph``), i.e. the one the caller trained on.
    /// - Throws: the error `write` threw, unchanged, or a ``StoreError``. Either way no row was
    ///   inserted and no model directory was left behind.
    @discardableResult
    public func registerModel<Configuration: Encodable, Metrics: Encodable>(
        kind: String, configuration: Configuration, metrics: Metrics, lastEventSeq: Int = 0,
        write: (_ directory: String) throws -> Void
    ) throws -> ModelRecord {
        guard !kind.isEmpty else { throw StoreError.io(path: modelsDirectory, message: "a model kind must not be empty") }
        let configText = try Self.json(configuration, what: "configuration", path: databasePath)
        let metricsText = try Self.json(metrics, what: "metrics", path: databasePath)
        let lock = try ImportLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        try Self.makeDirectory(modelsDirectory)
        let registered = try read { db in try Int.fetchAll(db, sql: "SELECT id FROM models") }
        removeUnregisteredModelDirectories(registered: Set(registered))
        let id = (registered.max() ?? 0) + 1
        let temporary = "\(modelsDirectory)/.tmp-\(id)-\(getpid())"
        let final = modelDirectory(id: id)
        try Self.makeDirectory(temporary)
        do {
            try write(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        do {
            try Self.syncTree(temporary)
            guard rename(temporary, final) == 0 else {
                throw StoreError.io(path: final, message: "cannot rename \(temporary): \(String(cString: strerror(errno)))")
            }
            Self.syncDirectory(modelsDirectory)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        let record = ModelRecord(id: id, kind: kind, createdAt: Self.timestamp(), graphGeneration: graphGeneration,
                                 lastEventSeq: lastEventSeq, configuration: configText, metrics: metricsText)
        do {
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO models(id, kind, created_at, graph_generation, last_event_seq, config, metrics)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.id, record.kind, record.createdAt, record.graphGeneration,
                                     record.lastEventSeq, record.configuration, record.metrics])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: final)
            throw StoreError.database(path: databasePath, message: "cannot register model \(id): \(error)")
        }
        return record
    }

    /// Registered models, oldest first; only those of `kind` when given.
    public func models(kind: String? = nil) throws(StoreError) -> [ModelRecord] {
        try read { db in
            if let kind {
                return try Self.fetchModels(db, where: "WHERE kind = ?", [kind])
            }
            return try Self.fetchModels(db, where: "", [])
        }
    }

    /// The most recently registered model of `kind`, if any.
    public func latestModel(kind: String) throws(StoreError) -> ModelRecord? {
        try read { db in try Self.fetchModels(db, where: "WHERE kind = ? ORDER BY id DESC LIMIT 1", [kind], order: false).first }
    }

    /// The model with registry id `id`, if any.
    public func model(id: Int) throws(StoreError) -> ModelRecord? {
        try read { db in try Self.fetchModels(db, where: "WHERE id = ?", [id]).first }
    }

    /// Every entity's display label, indexed by entity id (`nil` when it has none) — one query,
    /// for exports of model vectors (``label(ofEntity:)`` is one query per entity).
    public func entityLabels() throws(StoreError) -> [String?] {
        var labels = [String?](repeating: nil, count: graph.entities.count)
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, label FROM entities WHERE label IS NOT NULL")
            while let row = try cursor.next() {
                let id: Int = row[0]
                if id >= 0 && id < labels.count { labels[id] = row[1] }
            }
        }
        return labels
    }

    private static func fetchModels(_ db: Database, where clause: String, _ arguments: StatementArguments, order: Bool = true) throws -> [ModelRecord] {
        let sql = "SELECT id, kind, created_at, graph_generation, last_event_seq, config, metrics FROM models \(clause)"
            + (order ? " ORDER BY id" : "")
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ModelRecord(id: row[0], kind: row[1], createdAt: row[2], graphGeneration: row[3], lastEventSeq: row[4],
                        configuration: row[5], metrics: row[6])
        }
    }

    /// Removes what interrupted registrations left in `models/`: temporary directories and
    /// numbered directories without a row. Called under the import lock only, when no other
    /// registration can be between creating its directory and committing its row.
    private func removeUnregisteredModelDirectories(registered: Set<Int>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: modelsDirectory) else { return }
        for name in names {
            let stale = name.hasPrefix(".tmp-") || (Int(name).map { !registered.contains($0) } ?? false)
            if stale { try? FileManager.default.removeItem(atPath: modelsDirectory + "/" + name) }
        }
    }

    private static func json<T: Encodable>(_ value: T, what: String, path: String) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .database(path: path, message: "model \(what) cannot be encoded as JSON: \(error)")
        }
    }

    private static func makeDirectory(_ path: String) throws(StoreError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .io(path: path, message: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// fsyncs every regular file below `root`, then every directory (deepest first), then `root`.
    private static func syncTree(_ root: String) throws(StoreError) {
        var directories = [root]
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let relative = walker.nextObject() as? String {
                let path = root + "/" + relative
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    directories.append(path)
                } else if (st.st_mode & S_IFMT) == S_IFREG {
                    let fd = posixOpen(path, O_RDONLY)
                    guard fd >= 0 else { throw .io(path: path, message: "cannot open for fsync: \(String(cString: strerror(errno)))") }
                    let ok = fsync(fd) == 0
                    let e = errno
                    close(fd)
                    guard ok else { throw .io(path: path, message: "cannot fsync: \(String(cString: strerror(e)))") }
                }
            }
        }
        for d in directories.reversed() { syncDirectory(d) }
    }

    private static func syncDirectory(_ path: String) {
        let fd = posixOpen(path, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}

/// `open(2)` (inside `KGStore`, `open` names the store's own static method).
private func posixOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags)
    #else
    Darwin.open(path, flags)
    #endif
}

extension ModelRecord {
    /// The configuration JSON decoded as `T`.
    public func decodeConfiguration<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(configuration.utf8))
    }

    /// The metrics JSON decoded as `T`.
    public func decodeMetrics<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(metrics.utf8))
    }
}
