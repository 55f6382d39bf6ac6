import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix

/// The kgrec HTTP server: wires the model holder, reloader, metrics and routes into a
/// Hummingbird application.
///
/// ```swift
/// let server = KGRecServer(configuration: config, loader: ServingModelLoader(storePath: dir))
/// try await server.application(logger: logger).runService()   // SIGTERM/SIGINT: graceful shutdown
/// ```
public struct KGRecServer: Sendable {
    public let state: ServerState

    /// A server whose models come from `load` (see ``ServingModelLoader/loadLatest()``).
    /// `feedback`: the store's event log for `POST /v1/feedback` (nil: that route answers 503).
    ///
    /// With `feedback`, each model loaded is checked against the log before it is served: when the
    /// log holds events after the model's snapshot (`last_event_seq`) — logged by an earlier run
    /// (a crash included) or by `kgrec feedback` — the online updater starts following the log at
    /// once, so those users' recommendations reflect their feedback from the first request on.
    public init(configuration: ServerConfiguration, feedback: FeedbackSink? = nil, load: @escaping @Sendable () throws -> ServingModel) {
        let holder = ModelHolder()
        let metrics = ServerMetrics()
        let online = OnlineUpdates()
        let prepare: @Sendable (ServingModel) throws -> Void = { model in
            guard let feedback else { return }
            let snapshot = Int64(model.record.lastEventSeq)
            if try feedback.readLoggedSeq(indexingUsersAfter: snapshot) > snapshot { online.logAdvanced(sink: feedback, model: model) }
        }
        state = ServerState(configuration: configuration, holder: holder,
                            reloader: ModelReloader(holder: holder, metrics: metrics, load: load, prepare: prepare), metrics: metrics,
                            feedback: feedback, online: online)
    }

    /// A server for the latest hybrid model of a store, logging feedback into the same store.
    public init(configuration: ServerConfiguration, loader: ServingModelLoader) {
        self.init(configuration: configuration, feedback: FeedbackSink(storePath: loader.storePath),
                  load: { () throws -> ServingModel in try loader.loadLatest() })
    }

    /// The endpoints served.
    public var routes: [any APIRoute] { ServerRoutes.all(state: state) }

    /// The router with every endpoint and middleware.
    public func router() -> Router<BasicRequestContext> {
        ServerRouter.make(routes: routes, metrics: state.metrics)
    }

    /// The application. With `loadAtStart`, a ``ModelReloadService`` loads the model once the
    /// application runs and reloads it on SIGHUP.
    public func application(logger: Logger? = nil, loadAtStart: Bool = true, reloadOnSIGHUP: Bool = true,
                            eventLoopGroup: (any EventLoopGroup)? = nil) -> some ApplicationProtocol {
        let configuration = state.configuration
        let logger = logger ?? defaultLogger()
        var service = ModelReloadService(reloader: state.reloader, logger: logger)
        service.loadAtStart = loadAtStart
        service.reloadSignals = reloadOnSIGHUP ? [.sighup] : []
        let group: EventLoopGroupProvider
        if let eventLoopGroup {
            group = .shared(eventLoopGroup)
        } else if let threads = configuration.threads {
            group = .shared(MultiThreadedEventLoopGroup(numberOfThreads: threads))
        } else {
            group = .singleton
        }
        let serverName = "kgrec"
        return Application(
            router: router(),
            server: Self.http1(state: state, serverName: serverName),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
            services: loadAtStart || reloadOnSIGHUP ? [service] : [],
            eventLoopGroupProvider: group,
            logger: logger)
    }

    /// Runs the server until SIGTERM or SIGINT, then shuts down gracefully (stops accepting,
    /// lets requests in flight finish, commits queued feedback): ``ServingServiceGroup``.
    public func run() async throws {
        try await ServingServiceGroup.run(server: self)
    }

    /// Makes the process-wide NIO event loops (``MultiThreadedEventLoopGroup/singleton``, with
    /// `threads` loops, default one per core) Swift concurrency's global executor, so a request's
    /// handler runs on the event loop that read it instead of hopping to the cooperative pool and
    /// back (on 2 cores that hop cost a third of the server's CPU under load). Call once, from the
    /// main thread, before any task starts; returns false where NIO cannot install the hook.
    /// Blocking work (model loads, SQLite commits) must then stay off the executor, as it does:
    /// loads run on a thread of their own and the feedback log on a thread pool.
    @discardableResult
    public static func installEventLoopsAsGlobalExecutor(threads: Int? = nil) -> Bool {
        if let threads { NIOSingletons.groupLoopCountSuggestion = threads }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// HTTP/1.1 with, when configured, the warm-answer fast path in each connection's pipeline.
    static func http1(state: ServerState, serverName: String) -> HTTPServerBuilder {
        guard state.configuration.pipelineAnswers else { return .http1() }
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [WarmAnswerFastPath(state: state, serverName: serverName)] as [any RemovableChannelHandler])
        return .http1(configuration: channel)
    }

    private func defaultLogger() -> Logger {
        var logger = Logger(label: "kgrec.serve")
        logger.logLevel = Logger.Level(rawValue: state.configuration.logLevel) ?? .info
        return logger
    }
}
