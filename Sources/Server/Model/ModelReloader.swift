import Foundation

/// Loads models into a ``ModelHolder``, one load at a time: a reload asked for while one is
/// running waits for that one and shares its result. The load runs on a thread of its own, so
/// requests keep being served on the old model meanwhile; the swap itself is one locked pointer
/// exchange.
public actor ModelReloader {
    /// What a reload did.
    public struct Outcome: Sendable, Equatable {
        /// Registry id served before (nil if none).
        public var previousModelID: Int?
        /// Registry id served now.
        public var modelID: Int
        /// Registration time of the model served now.
        public var createdAt: String
        /// Seconds the load took.
        public var loadSeconds: Double
    }

    public let holder: ModelHolder
    public let metrics: ServerMetrics
    private let load: @Sendable () throws -> ServingModel
    private let prepare: @Sendable (ServingModel) throws -> Void
    private var running: Task<Outcome, any Error>?
    /// The last load's error, nil after a success.
    public private(set) var lastError: String?

    /// - Parameters:
    ///   - load: produces a new model (e.g. ``ServingModelLoader/loadLatest()``); called on a
    ///     dedicated thread.
    ///   - prepare: runs on the same thread after a successful load and before the swap (an error
    ///     fails the load: the current model stays).
    public init(holder: ModelHolder, metrics: ServerMetrics, load: @escaping @Sendable () throws -> ServingModel,
                prepare: @escaping @Sendable (ServingModel) throws -> Void = { _ in }) {
        self.holder = holder
        self.metrics = metrics
        self.load = load
        self.prepare = prepare
    }

    /// Loads a new model and swaps it in; on failure the current model stays.
    public func reload() async throws -> Outcome {
        if let running { return try await running.value }
        let task = Task { [load, prepare, holder, metrics] () async throws -> Outcome in
            do {
                let model = try await Self.onThread { () throws -> ServingModel in
                    let model = try load()
                    try prepare(model)
                    return model
                }
                let previous = holder.swap(model)
                metrics.modelLoaded(id: model.record.id, seconds: model.loadSeconds)
                return Outcome(previousModelID: previous?.record.id, modelID: model.record.id,
                               createdAt: model.record.createdAt, loadSeconds: model.loadSeconds)
            } catch {
                metrics.modelLoadFailed()
                throw error
            }
        }
        running = task
        defer { running = nil }
        do {
            let outcome = try await task.value
            lastError = nil
            return outcome
        } catch {
            lastError = "\(error)"
            throw error
        }
    }

    /// Runs blocking `work` on a new thread and awaits its result.
    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.name = "kgrec-model-load"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
