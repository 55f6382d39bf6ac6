import NIOCore
import Synchronization

/// Response bodies a served model has already rendered, by request key.
///
/// A warm answer is a pure function of the served model and the request (user, `k`,
/// `exclude_seen`) as long as the user has no online feedback on top of the model, which the
/// route checks first; so the rendered JSON can be sent again as is (a `ByteBuffer` is shared,
/// not copied, when written). Lives in the ``ServingModel`` it renders: a hot swap starts empty.
/// At most ``capacity`` bodies are kept; once full, new keys are rendered but not stored.
public final class ResponseCache<Key: Hashable & Sendable>: Sendable {
    /// Most bodies kept (0 disables the cache).
    public let capacity: Int
    private let bodies = Mutex<[Key: ByteBuffer]>([:])

    public init(capacity: Int) {
        precondition(capacity >= 0, "capacity must be ≥ 0")
        self.capacity = capacity
    }

    /// Number of bodies stored.
    public var count: Int { bodies.withLock { $0.count } }

    /// The body stored for `key`, if any.
    public func stored(_ key: Key) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        return bodies.withLock { $0[key] }
    }

    /// The body stored for `key`, else `render()` (stored when there is room).
    public func body<E: Error>(_ key: Key, render: () throws(E) -> ByteBuffer) throws(E) -> ByteBuffer {
        guard capacity > 0 else { return try render() }
        if let body = bodies.withLock({ $0[key] }) { return body }
        let body = try render()
        bodies.withLock { table in
            if table.count < capacity { table[key] = body }
        }
        return body
    }
}
