import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// The feedback event log: an append-only table numbered by `seq`, idempotent by `event_id`.
///
/// Durability: an event counts as acknowledged once ``KGStore/appendEvents(_:)`` has returned.
/// Each batch is one `BEGIN IMMEDIATE … COMMIT` transaction on a WAL database with
/// `PRAGMA synchronous = FULL`, under which SQLite fsyncs the write-ahead log at every commit, so
/// a returned batch survives a process crash *and* an operating-system crash or power loss.
/// (`synchronous = NORMAL` in WAL mode would only sync at checkpoints: a committed batch would
/// survive the process dying but could be lost with the machine, which is not "durable before
/// acknowledged".) A crash before the commit leaves none of the batch visible: SQLite ignores a
/// WAL transaction without its commit frame.
extension KGStore {
    /// Appends a batch of events in one durable transaction and reports each event's outcome.
    ///
    /// Invalid events (``FeedbackEvent/invalidity``) are rejected one by one and never stored;
    /// an event whose `event_id` is already in the log (or earlier in this batch) is a duplicate
    /// and is not stored again; every other event is stored under the next `seq`, in batch order.
    /// Either the whole batch's accepted events are committed or — when this throws — none are.
    /// Duplicates are found with an index probe before inserting, so they consume no `seq`
    /// (`INSERT … ON CONFLICT DO NOTHING` would: SQLite allocates the AUTOINCREMENT value before the
    /// conflict check) and the log of accepted events is gap-free. (`INSERT … SELECT … WHERE NOT
    /// EXISTS` avoids the gap too but costs 3× the CPU: SQLite stages such a self-referencing
    /// insert through a temporary table.)
    @discardableResult
    public func appendEvents(_ events: [FeedbackEvent]) throws(StoreError) -> FeedbackAppendResult {
        try appendEventBatches([events]).results[0]
    }

    /// Group commit: appends several batches (e.g. those of concurrent requests) in **one**
    /// transaction — one WAL sync for all of them — and reports each batch's outcomes as
    /// ``appendEvents(_:)`` would have, had the batches been appended one after the other in this
    /// order (an `event_id` of an earlier batch makes the same id in a later batch a duplicate).
    /// All batches are committed together or — when this throws — none is.
    ///
    /// `lastSeq` of every result is the log's last `seq` after the group's commit; `receivedAt` is
    /// the one `received_at` value stored with the group's events.
    public func appendEventBatches(_ batches: [[FeedbackEvent]]) throws(StoreError) -> (results: [FeedbackAppendResult], receivedAt: String) {
        var outcomes = batches.map { [FeedbackAppendOutcome](repeating: .duplicate, count: $0.count) }
        let receivedAt = Self.timestamp()
        var lastSeq: Int64 = 0
        do {
            try db.writeWithoutTransaction { db in
                try Self.configureForEvents(db)
                try db.inTransaction(.immediate) {
                    // Cached on the connection: prepared once per store, not once per batch.
                    let insert = try EventInsertStatement(db)
                    let probe = try EventIDProbe(db)
                    insert.bindReceivedAt(receivedAt)  // bindings survive sqlite3_reset: once per group
                    for (b, events) in batches.enumerated() {
                        for (k, e) in events.enumerated() {
                            if let problem = e.invalidity {
                                outcomes[b][k] = .rejected(problem)
                                continue
                            }
                            if try probe.contains(e.eventID) { continue }  // a duplicate (outcome stays .duplicate)
                            try insert.run(e)
                            outcomes[b][k] = .accepted(seq: db.lastInsertedRowID)
                        }
                    }
                    lastSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT ifnull(max(seq), 0) FROM events")) ?? 0
                    return .commit
                }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw .database(path: databasePath, message: "appending feedback events: \(error)")
        }
        return (outcomes.map { FeedbackAppendResult(outcomes: $0, lastSeq: lastSeq) }, receivedAt)
    }

    /// Events with `seq > after`, in `seq` order, at most `limit` of them.
    public func events(after seq: Int64 = 0, limit: Int = .max) throws(StoreError) -> [StoredFeedbackEvent] {
        let path = databasePath
        return try read { db in
            var out: [StoredFeedbackEvent] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT seq, event_id, user, item, kind, value, ts, received_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [seq, Int64(clamping: limit)])
            while let row = try cursor.next() {
                let kindText: String = row[4]
                guard let kind = FeedbackKind(rawValue: kindText) else {
                    throw StoreError.inconsistent(path: path, reason: "event seq \(row[0] as Int64) has unknown kind '\(kindText)'")
                }
                out.append(StoredFeedbackEvent(
                    seq: row[0], event: FeedbackEvent(eventID: row[1], user: row[2], item: row[3], kind: kind, value: row[5], timestamp: row[6]),
                    receivedAt: row[7]))
            }
            return out
        }
    }

    /// Per user with events in `after < seq ≤ through`: the largest such `seq`.
    public func lastEventSeqByUser(after: Int64, through: Int64) throws(StoreError) -> [String: Int64] {
        try read { db in
            var out: [String: Int64] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT user, max(seq) FROM events WHERE seq > ? AND seq <= ? GROUP BY user",
                                             arguments: [after, through])
            while let row = try cursor.next() { out[row[0]] = row[1] }
            return out
        }
    }

    /// The largest `seq` in the log (0 when it is empty).
    public func lastEventSeq() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT ifnull(max(seq), 0) FROM events") ?? 0 }
    }

    /// Number of events in the log.
    public func eventCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
    }

    /// The journal mode and `synchronous` level event appends run under (for checks and `stats`).
    public func eventDurabilitySettings() throws(StoreError) -> (journalMode: String, synchronous: Int) {
        do {
            return try db.writeWithoutTransaction { db in
                try Self.configureForEvents(db)
                return (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        } catch {
            throw .database(path: databasePath, message: "\(error)")
        }
    }

    /// `synchronous = FULL` (see the type's comment) and a busy timeout, so an append waits for
    /// another writer (an import, a second `kgrec feedback`) instead of failing at once.
    private static func configureForEvents(_ db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = FULL")
        try db.execute(sql: "PRAGMA busy_timeout = 10000")
    }
}

/// `SELECT 1 FROM events WHERE event_id = ?` stepped through the SQLite C API (one index probe,
/// no argument boxing); only used inside a GRDB write transaction.
private struct EventIDProbe {
    private let statement: Statement
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: "SELECT 1 FROM events WHERE event_id = ?")
    }

    func contains(_ id: String) throws -> Bool {
        let handle = statement.sqliteStatement
        var id = id
        id.withUTF8 { buf in
            _ = sqlite3_bind_text(handle, 1, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buf.count), Self.transient)
        }
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "probing event_id", sql: statement.sql)
        }
    }
}

/// `INSERT INTO events …` bound through the SQLite C API (no argument boxing), cached on the
/// connection; only used inside a GRDB write transaction.
private struct EventInsertStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: """
            INSERT INTO events(event_id, user, item, kind, value, ts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    func bindReceivedAt(_ text: String) { bind(7, text) }

    /// Inserts `e` (its bindings 1…6; `received_at` stays bound).
    func run(_ e: FeedbackEvent) throws {
        bind(1, e.eventID)
        bind(2, e.user)
        bind(3, e.item)
        bind(4, e.kind.rawValue)
        if let v = e.value { sqlite3_bind_double(handle, 5, v) } else { sqlite3_bind_null(handle, 5) }
        sqlite3_bind_double(handle, 6, e.timestamp)
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc),
                                message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)", sql: statement.sql)
        }
    }

    private func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buf in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buf.count), Self.transient)
        }
    }
}
