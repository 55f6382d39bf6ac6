import Synchronization

/// The model currently served. Routes read ``current`` once per request and use that snapshot
/// to the end; ``swap(_:)`` replaces it atomically. A request that took the old snapshot keeps
/// it alive (it is reference counted) and finishes on it.
public final class ModelHolder: Sendable {
    private let state = Mutex<ServingModel?>(nil)

    public init(_ model: ServingModel? = nil) {
        state.withLock { $0 = model }
    }

    /// The model served now, nil before the first successful load.
    public var current: ServingModel? { state.withLock { $0 } }

    /// Installs `model`; returns the one it replaced.
    @discardableResult
    public func swap(_ model: ServingModel) -> ServingModel? {
        state.withLock { old in
            let previous = old
            old = model
            return previous
        }
    }
}
