import ServiceLifecycle

/// Closes a ``FeedbackSink`` on graceful shutdown: every batch queued is committed before the
/// process may exit, and batches arriving later are refused instead of lost.
///
/// Put it *before* the HTTP application in the service group: services shut down in reverse
/// order, so the server first stops accepting and finishes its requests in flight (each awaiting
/// its commit), then the sink drains and closes.
public struct FeedbackSinkService: Service {
    public let sink: FeedbackSink

    public init(sink: FeedbackSink) { self.sink = sink }

    public func run() async throws {
        try? await gracefulShutdown()  // returns on graceful shutdown; throws (ignored) on cancellation
        await sink.close()
    }
}
