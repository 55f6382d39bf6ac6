import ArgumentParser
import Dispatch
import Server
import Store
import Synchronization

/// `kgrec serve --store DIR`: the HTTP API over the store's latest hybrid model.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve recommendations over HTTP (JSON API under /v1, OpenAPI document in openapi/kgrec.json).",
        discussion: """
            Loads the store's latest registered hybrid model (`kgrec train --store DIR`) after the server starts: \
            /healthz answers at once, /readyz once the model is loaded. POST /v1/admin/reload or SIGHUP loads \
            the latest model again and swaps it in without dropping requests; with --watch-models S the server \
            also polls the store's model registry every S seconds and swaps in a newly registered model by itself. \
            SIGTERM or SIGINT: graceful shutdown (requests in flight finish, queued feedback is committed).
            Example: kgrec serve --store kgrec-data --port 8080 &
                     curl 'http://127.0.0.1:8080/v1/users/196/recommendations?k=5'
            """
    )

    @OptionGroup var store: StoreOption
    @Option(help: "Address to bind (loopback by default; the admin route has no authentication).") var host = "127.0.0.1"
    @Option(help: "TCP port (0 = any free port).") var port = 8080
    @Option(help: "Event-loop threads for network I/O (default: one per core).") var threads: Int?
    @Option(help: "Largest request body accepted, in bytes.") var maxBodyBytes = ServerConfiguration().maxBodyBytes
    @Option(help: "Ratings ≥ this are positives of the cold-start model.") var ratingsThreshold: Double = 4
    @Option(help: "Where request handlers run: 'event-loops' (NIO's loops become Swift concurrency's global executor: no thread hop per request) or 'default' (the cooperative pool).")
    var globalExecutor: GlobalExecutor = .eventLoops
    @Option(help: "Answer caching per served model for k ≤ this: a repeated warm request (same user and k) reads the answer rendered before, a cold-start request with attributes seen before the list ranked before. 0 disables the caches.")
    var rankingCacheDepth = ServingModel.defaultRankingCacheDepth
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Answer repeated warm-recommendation requests (an answer the model has rendered before, no feedback in play) from the connection's channel pipeline: 'on', or 'off' to send every request through the router and middleware.")
    var pipelineAnswers: Switch = .on
    @Option(help: ArgumentHelp("Poll the model registry every SECONDS and hot-swap a newly registered hybrid model (default: only on SIGHUP or POST /v1/admin/reload).",
                               valueName: "seconds")) var watchModels: Double?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must lie in 0…65535") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1") }
        guard rankingCacheDepth >= 0 else { throw ValidationError("--ranking-cache-depth must be ≥ 0") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be ≥ 1024") }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(logLevel) else { throw ValidationError("--log-level must be one of \(levels.joined(separator: ", "))") }
        if let watchModels, !(watchModels >= 0.01 && watchModels <= 86_400) { throw ValidationError("--watch-models must lie in 0.01…86400 seconds") }
    }

    func run() throws {
        try reportingErrors {
            _ = try KGStore.open(at: store.path, create: false)  // fail now, clearly, on a missing store
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.threads = threads
            configuration.maxBodyBytes = maxBodyBytes
            configuration.logLevel = logLevel
            configuration.pipelineAnswers = pipelineAnswers == .on
            configuration.storePath = store.path
            configuration.watchModelsInterval = watchModels.map { .milliseconds(Int64(($0 * 1000).rounded())) }
            if globalExecutor == .eventLoops {
                KGRecServer.installEventLoopsAsGlobalExecutor(threads: threads)
                configuration.threads = nil  // the singleton group, sized above
            }
            let server = KGRecServer(configuration: configuration,
                                     loader: ServingModelLoader(storePath: store.path, ratingThreshold: ratingsThreshold,
                                                               rankingCacheDepth: rankingCacheDepth))
            // The root command is synchronous: run the async service group (feedback sink, model
            // loading/watch, HTTP; see ServingServiceGroup) and wait.
            let failure = Failure()
            let done = DispatchSemaphore(value: 0)
            Task {
                do { try await ServingServiceGroup.run(server: server) } catch { failure.message.withLock { $0 = "\(error)" } }
                done.signal()
            }
            done.wait()
            if let message = failure.message.withLock({ $0 }) { throw ServeError(message: message) }
        }
    }

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    enum GlobalExecutor: String, ExpressibleByArgument, CaseIterable {
        case eventLoops = "event-loops"
        case `default`
    }

    final class Failure: Sendable {
        let message = Mutex<String?>(nil)
    }

    struct ServeError: Error, CustomStringConvertible {
        var message: String
        var description: String { "server stopped: \(message)" }
    }
}
