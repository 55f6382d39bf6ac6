import KnowledgeGraph

/// Why a store operation failed.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// No store at the path (and creating one was not asked for).
    case noStore(path: String)
    /// The path holds something that is not a kgrec store.
    case notAStore(path: String, reason: String)
    /// The store was written with another format version; it is refused, never misread.
    case unsupportedFormat(path: String, found: Int, supported: Int)
    /// The graph snapshot could not be loaded.
    case snapshot(SnapshotError)
    /// The database and the graph snapshot disagree.
    case inconsistent(path: String, reason: String)
    /// An import failed; the store is unchanged.
    case importFailed(ImportError)
    /// The database reported an error.
    case database(path: String, message: String)
    /// A file-system operation failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .noStore(let p): return "\(p): no kgrec store here (import data first, or pass --store DIR)"
        case .notAStore(let p, let r): return "\(p): not a kgrec store (\(r))"
        case .unsupportedFormat(let p, let found, let supported):
            let who = found < supported ? "an older" : "a newer"
            return "\(p): store format version \(found) was written by \(who) kgrec; this build reads only version \(supported). Re-import the data into a new store."
        case .snapshot(let e): return e.description
        case .inconsistent(let p, let r): return "\(p): store is inconsistent: \(r)"
        case .importFailed(let e): return e.description
        case .database(let p, let m): return "\(p): database error: \(m)"
        case .io(let p, let m): return "\(p): \(m)"
        }
    }
}
