#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB

/// A prepared statement executed many times with values bound straight through
/// the SQLite C API, for bulk imports (GRDB's `StatementArguments` boxes every
/// value, which dominates the cost of inserting millions of rows).
///
/// Only used inside a GRDB write transaction; the GRDB `Statement` owns the handle.
struct BulkStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { buf in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(buf.count), Self.transient)
        }
    }

    /// Binds UTF-8 text without copying it: `text` must stay valid until ``run()`` returns.
    func bind(_ index: Int32, utf8 text: UnsafeRawBufferPointer) {
        if let p = text.baseAddress, text.count > 0 {
            _ = sqlite3_bind_text(handle, index, p.assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
        } else {
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
    }

    /// Binds a blob without copying it: `bytes` must stay valid until ``run()`` returns.
    func bind(_ index: Int32, blob bytes: UnsafeRawBufferPointer) {
        if let p = bytes.baseAddress, bytes.count > 0 {
            _ = sqlite3_bind_blob(handle, index, p, Int32(bytes.count), nil)
        } else {
            _ = sqlite3_bind_zeroblob(handle, index, 0)
        }
    }

    /// Runs the statement once with the values bound; returns the number of rows it changed.
    @discardableResult
    func run() throws -> Int {
        let rc = sqlite3_step(handle)
        let changes = Int(sqlite3_changes(connection))
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc),
                                message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)",
                                sql: statement.sql)
        }
        return changes
    }
}
