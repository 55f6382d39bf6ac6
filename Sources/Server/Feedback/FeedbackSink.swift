import Store

/// The store's feedback event log as the server writes it: one actor owns the store connection,
/// so appends are serialised; ``append(_:)`` returns only after the batch is committed
/// (`synchronous=FULL`, WAL), which is when the route may answer 202.
public actor FeedbackSink {
    public let storePath: String
    private var store: KGStore?

    public init(storePath: String) { self.storePath = storePath }

    private func opened() throws -> KGStore {
        if let store { return store }
        let s = try KGStore.open(at: storePath, create: false)
        store = s
        return s
    }

    /// Appends `events` in one transaction (duplicates by `event_id` are reported, not stored).
    public func append(_ events: [FeedbackEvent]) throws -> FeedbackAppendResult {
        try opened().appendEvents(events)
    }

    /// Logged events after `seq`, in log order.
    public func events(after seq: Int64) throws -> [StoredFeedbackEvent] {
        try opened().events(after: seq)
    }
}
