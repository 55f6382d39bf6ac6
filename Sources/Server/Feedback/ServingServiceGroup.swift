import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// The services of `kgrec serve` in one service group, ordered for a graceful shutdown that
/// loses no acknowledged and no queued feedback:
///
/// 1. ``FeedbackSinkService`` (when the server logs feedback),
/// 2. ``ModelReloadService`` (load at start, SIGHUP, and the registry watch of
///    ``ServerConfiguration/watchModelsInterval``),
/// 3. the HTTP application.
///
/// On SIGTERM/SIGINT services stop in reverse order: the HTTP server stops accepting and finishes
/// its requests in flight (each awaiting its commit), the model service stops, then the sink
/// commits whatever is still queued and closes.
public enum ServingServiceGroup {
    /// The group for `server` (signals: `gracefulShutdownSignals`; none in tests that shut down
    /// with ``ServiceGroup/triggerGracefulShutdown()``).
    public static func make(server: KGRecServer, logger: Logger? = nil, loadAtStart: Bool = true,
                            reloadSignals: [UnixSignal] = [.sighup],
                            gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) -> ServiceGroup {
        let configuration = server.state.configuration
        let logger = logger ?? {
            var l = Logger(label: "kgrec.serve")
            l.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
            return l
        }()
        var reload = ModelReloadService(reloader: server.state.reloader, logger: logger)
        reload.loadAtStart = loadAtStart
        reload.reloadSignals = reloadSignals
        if let interval = configuration.watchModelsInterval, let storePath = configuration.storePath {
            reload.watch = (interval, ModelReloadService.latestModelProbe(storePath: storePath))
        }
        var services: [any Service] = []
        if let sink = server.state.feedback { services.append(FeedbackSinkService(sink: sink)) }
        services.append(reload)
        services.append(server.application(logger: logger, loadAtStart: false, reloadOnSIGHUP: false))
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
    }

    /// Runs the group of `server` until SIGTERM or SIGINT, then shuts down gracefully.
    public static func run(server: KGRecServer) async throws {
        try await make(server: server).run()
    }
}
