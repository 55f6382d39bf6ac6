import Logging
import ServiceLifecycle
import Store
import Synchronization
import UnixSignals

/// Runs beside the HTTP server: loads the model once at start (the server already answers
/// `/healthz`, and `/readyz` says 503 until the load succeeds), then reloads on every SIGHUP and —
/// with ``watch`` — whenever a newer model is registered in the store, until graceful shutdown.
public struct ModelReloadService: Service {
    public let reloader: ModelReloader
    public let logger: Logger
    /// Load when the service starts.
    public var loadAtStart = true
    /// Signals that trigger a reload (empty = none).
    public var reloadSignals: [UnixSignal] = [.sighup]
    /// Polls the registry every `interval`: when `latestModelID` names another model than the one
    /// served, that model is loaded and swapped in (a retrain hot-swaps without a signal). A model
    /// whose load failed is not tried again until a newer one is registered.
    public var watch: (interval: Duration, latestModelID: @Sendable () throws -> Int?)?

    public init(reloader: ModelReloader, logger: Logger) {
        self.reloader = reloader
        self.logger = logger
    }

    /// A registry probe for ``watch``: the id of the latest registered hybrid model of the store at
    /// `storePath`, read on a connection opened at the first poll and kept (polls are one indexed query).
    public static func latestModelProbe(storePath: String, kind: String = ServingModelLoader.kind) -> @Sendable () throws -> Int? {
        let probe = RegistryProbe(storePath: storePath, kind: kind)
        return { try probe.latestID() }
    }

    public func run() async throws {
        if loadAtStart { await reload(reason: "start") }
        await withTaskGroup(of: Void.self) { group in
            if let watch {
                group.addTask { await self.watchRegistry(every: watch.interval, latestModelID: watch.latestModelID) }
            }
            if !reloadSignals.isEmpty {
                group.addTask {
                    for await signal in await UnixSignalsSequence(trapping: reloadSignals).cancelOnGracefulShutdown() {
                        await reload(reason: "\(signal)")
                    }
                }
            }
            // Run until graceful shutdown (or cancellation) even with nothing to watch: a service
            // that returns early would end the whole service group.
            group.addTask { try? await gracefulShutdown() }
            _ = await group.next()
            group.cancelAll()
        }
    }

    private func watchRegistry(every interval: Duration, latestModelID: @escaping @Sendable () throws -> Int?) async {
        var failedID: Int?
        var probeFailed = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await Task.sleep(for: interval) } catch { return }
            let latest: Int?
            do {
                latest = try latestModelID()
                probeFailed = false
            } catch {
                if !probeFailed { logger.error("model registry poll failed", metadata: ["error": .string("\(error)")]) }
                probeFailed = true
                continue
            }
            guard let latest, latest != reloader.holder.current?.record.id, latest != failedID else { continue }
            failedID = await reload(reason: "new model \(latest) registered") ? nil : latest
        }
    }

    @discardableResult
    private func reload(reason: String) async -> Bool {
        do {
            let outcome = try await reloader.reload()
            logger.info("model loaded", metadata: [
                "trigger": .string(reason), "model": .stringConvertible(outcome.modelID),
                "previous": .string(outcome.previousModelID.map(String.init) ?? "none"),
                "seconds": .stringConvertible(outcome.loadSeconds),
            ])
            return true
        } catch {
            logger.error("model load failed; still serving the previous model if any", metadata: [
                "trigger": .string(reason), "error": .string("\(error)"),
            ])
            return false
        }
    }
}

/// The store connection a registry watch polls on, opened at the first poll.
private final class RegistryProbe: Sendable {
    let storePath: String
    let kind: String
    private let store = Mutex<KGStore?>(nil)

    init(storePath: String, kind: String) {
        self.storePath = storePath
        self.kind = kind
    }

    func latestID() throws -> Int? {
        try store.withLock { store throws -> Int? in
            if store == nil { store = try KGStore.open(at: storePath, create: false) }
            return try store!.latestModel(kind: kind)?.id
        }
    }
}
