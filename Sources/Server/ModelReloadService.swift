import Logging
import ServiceLifecycle
import UnixSignals

/// Runs beside the HTTP server: loads the model once at start (the server already answers
/// `/healthz`, and `/readyz` says 503 until the load succeeds), then reloads on every SIGHUP
/// until graceful shutdown.
public struct ModelReloadService: Service {
    public let reloader: ModelReloader
    public let logger: Logger
    /// Load when the service starts.
    public var loadAtStart = true
    /// Signals that trigger a reload (empty = none).
    public var reloadSignals: [UnixSignal] = [.sighup]

    public init(reloader: ModelReloader, logger: Logger) {
        self.reloader = reloader
        self.logger = logger
    }

    public func run() async throws {
        if loadAtStart { await reload(reason: "start") }
        guard !reloadSignals.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        for await signal in await UnixSignalsSequence(trapping: reloadSignals).cancelOnGracefulShutdown() {
            await reload(reason: "\(signal)")
        }
    }

    private func reload(reason: String) async {
        do {
            let outcome = try await reloader.reload()
            logger.info("model loaded", metadata: [
                "trigger": .string(reason), "model": .stringConvertible(outcome.modelID),
                "previous": .string(outcome.previousModelID.map(String.init) ?? "none"),
                "seconds": .stringConvertible(outcome.loadSeconds),
            ])
        } catch {
            logger.error("model load failed; still serving the previous model if any", metadata: [
                "trigger": .string(reason), "error": .string("\(error)"),
            ])
        }
    }
}
