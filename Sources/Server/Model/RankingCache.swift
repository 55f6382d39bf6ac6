import Recommender
import Synchronization

/// The ranked lists a served model has already computed, kept so a repeated request reads its
/// answer instead of scoring the catalogue again.
///
/// A served model never changes (a retrain is a new ``ServingModel`` with a new, empty cache), so
/// a cached list stays exact for the model's lifetime. Each entry is a list of ``depth`` items in
/// the ranker's total order (score descending, item id ascending), and a top-k for any
/// `k ≤ depth` is that list's prefix — identical to ranking with `k` directly. Larger `k` bypass
/// the cache. At most ``capacity`` entries are kept; once full, new keys are answered but not
/// stored, so memory is bounded by `capacity × depth × 8` bytes.
///
/// Online feedback does not reach this cache: users with events since the model was trained are
/// answered by the online updater before the cache is consulted.
public final class RankingCache<Key: Hashable & Sendable>: Sendable {
    /// Items kept per entry (0 disables the cache).
    public let depth: Int
    /// Most entries kept.
    public let capacity: Int
    private let entries = Mutex<[Key: [ScoredItem]]>([:])

    public init(depth: Int, capacity: Int) {
        precondition(depth >= 0 && capacity >= 0, "depth and capacity must be ≥ 0")
        self.depth = depth
        self.capacity = capacity
    }

    /// Number of entries stored.
    public var count: Int { entries.withLock { $0.count } }

    /// The top `k` for `key`: a prefix of the cached list, else `rank(max(k, depth))` (stored when
    /// there is room). `rank(n)` must return the best `n` items in the ranker's total order; what
    /// it throws is passed on and nothing is stored.
    public func topK<E: Error>(_ key: Key, k: Int, rank: (Int) throws(E) -> [ScoredItem]) throws(E) -> [ScoredItem] {
        guard depth > 0, k <= depth else { return try rank(k) }
        if let list = entries.withLock({ $0[key] }) { return Array(list.prefix(k)) }
        let list = try rank(depth)
        entries.withLock { table in
            if table.count < capacity { table[key] = list }
        }
        return Array(list.prefix(k))
    }
}
