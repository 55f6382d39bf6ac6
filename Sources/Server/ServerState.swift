/// What routes share: the served model, the reloader, the metrics and the limits.
public struct ServerState: Sendable {
    public let configuration: ServerConfiguration
    public let holder: ModelHolder
    public let reloader: ModelReloader
    public let metrics: ServerMetrics
    /// The store's feedback log (nil when the server was not started on a store).
    public let feedback: FeedbackSink?
    /// Online updates from feedback on top of the served model.
    public let online: OnlineUpdates

    public init(configuration: ServerConfiguration, holder: ModelHolder, reloader: ModelReloader, metrics: ServerMetrics,
                feedback: FeedbackSink? = nil, online: OnlineUpdates = OnlineUpdates()) {
        self.configuration = configuration
        self.holder = holder
        self.reloader = reloader
        self.metrics = metrics
        self.feedback = feedback
        self.online = online
    }

    /// The model served now, or a 503 `not_ready` error while none is loaded.
    public func model() async throws(APIError) -> ServingModel {
        if let m = holder.current { return m }
        let reason = await reloader.lastError
        throw .notReady("no model is loaded yet" + (reason.map { ": \($0)" } ?? ""))
    }
}
