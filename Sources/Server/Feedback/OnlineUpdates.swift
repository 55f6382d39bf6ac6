import Foundation
import NIOCore
import NIOPosix
import Recommender
import Store
import Synchronization

/// Online learning between retrains: an ``OnlineRecommender`` over the served hybrid model that
/// follows the feedback log. It is built for a model from the model plus the log after the model's
/// `last_event_seq`, then follows the log; a hot swap to another model rebuilds it for that model.
/// Users who got feedback since the model was trained are ranked by it; everyone else by the model.
///
/// Following the log is **off the acknowledgement path**: the feedback route answers 202 once its
/// events are committed and only calls ``logAdvanced(sink:model:)``, which schedules a catch-up in
/// the background (events come from the sink's memory of recent commits, or from the log when that
/// does not reach back far enough). Read-your-writes still holds: ``recommend(user:k:model:)``
/// first catches up whenever the user may have committed events not applied yet, so a
/// recommendation asked after a 202 reflects that request's events — unless the online state is
/// more than ``maximumAwaitedBacklog`` events behind (see there), which only a rebuild over a long
/// log can be.
///
/// When the model has an implicit-ALS part (its registered configuration says so), the online
/// state folds users' ALS vectors in (``ImplicitALSFoldIn``, refreshed when the user is next
/// ranked), so updated users keep the model's whole blend (item–item + ALS + popularity penalty)
/// instead of the item–item part alone.
///
/// The actor runs on a thread of its own (``executorLoop``), not on the request event loops (which
/// `kgrec serve` makes Swift concurrency's global executor): a catch-up applies thousands of
/// events at a time, and that work must not hold up the connections sharing a request loop.
public actor OnlineUpdates {
    /// The one-thread event loop every ``OnlineUpdates`` runs on (one per process).
    static let executorLoop: any EventLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()

    public nonisolated var unownedExecutor: UnownedSerialExecutor { Self.executorLoop.executor.asUnownedSerialExecutor() }

    private var modelID: Int?
    private var online: OnlineRecommender?
    /// External ids of users with events applied on top of the model.
    private var updatedUsers = Set<String>()
    /// A catch-up is running (it may be suspended reading the log); others wait for it.
    private var catchingUp = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// The last catch-up's error (nil after a success).
    public private(set) var lastError: String?
    /// Why the followed model's vector part is not folded in online (nil when it is, or when the
    /// model has none); updated users are then scored by the item–item part alone.
    public private(set) var vectorFoldInError: String?
    /// Whether the followed model's vector part is folded in online (``ImplicitALSFoldIn``).
    public var foldsInVectorPart: Bool { online?.userVectors != nil }
    private let inbox = Mutex(Inbox())

    /// Events replayed between two suspension points (so recommendations interleave with a long replay).
    static let replayChunk = 4096
    /// Events read from the log at once when memory does not reach back far enough.
    static let readChunk = 50_000
    /// A recommendation waits for the online state to apply at most this many events. When it is
    /// further behind — rebuilding over a long log after a restart or a hot swap to a model that
    /// has not seen the feedback (`kgrec train --incremental` folds it in) — the answer comes from
    /// the state as it is (or the model alone) while the catch-up runs in the background.
    static let maximumAwaitedBacklog: Int64 = 100_000

    private struct Inbox: Sendable {
        var sink: FeedbackSink?
        var model: ServingModel?
        var scheduled = false
    }

    public init() {}

    /// Whether the updater follows a feedback log yet (feedback arrived, or a catch-up ran, since
    /// start). While it does not, ``recommend(user:k:model:)`` answers nil for everyone, so a
    /// caller may skip the call (and the hop to this actor).
    public nonisolated var followsLog: Bool { inbox.withLock { $0.sink != nil } }

    /// Tells the updater that `sink` committed events while `model` was served. Returns at once;
    /// the events are applied in the background (or by the next recommendation that needs them).
    public nonisolated func logAdvanced(sink: FeedbackSink, model: ServingModel) {
        let schedule = inbox.withLock { box -> Bool in
            box.sink = sink
            box.model = model
            if box.scheduled { return false }
            box.scheduled = true
            return true
        }
        if schedule { Task { await self.runScheduled() } }
    }

    /// The log position applied to the online state of `model` (nil when there is none for it).
    public func appliedSeq(model: ServingModel) -> Int64? {
        modelID == model.record.id ? online?.lastAppliedSeq : nil
    }

    /// The online top-k of `user` when they have feedback on top of `model`, else nil. Catches up
    /// first when the user may have committed events not applied yet: unless the sink's per-user
    /// index (``FeedbackSink/hasEvents(of:after:)``) says they have none after the applied position,
    /// which also covers events other writers logged.
    public func recommend(user: String, k: Int, model: ServingModel) async throws -> [ScoredItem]? {
        if let sink = inbox.withLock({ $0.sink }) {
            let target = sink.lastCommittedSeq
            let applied = modelID == model.record.id && online != nil ? online!.lastAppliedSeq : Int64(model.record.lastEventSeq)
            if target > applied {
                if target - applied > Self.maximumAwaitedBacklog {
                    logAdvanced(sink: sink, model: model)  // far behind (a rebuild over a long log): catch up in the background
                } else if modelID != model.record.id || online == nil || sink.hasEvents(of: user, after: applied) != false {
                    await ensureCaughtUp(model: model, sink: sink, through: target)
                }
            }
        }
        guard modelID == model.record.id, let online, updatedUsers.contains(user) else { return nil }
        return try online.recommend(user: online.userID(user), k: k)
    }

    private func runScheduled() async {
        let (sink, model) = inbox.withLock { box in
            box.scheduled = false
            return (box.sink, box.model)
        }
        guard let sink, let model else { return }
        await ensureCaughtUp(model: model, sink: sink, through: sink.lastCommittedSeq)
    }

    /// Applies the log to the online state of `model` until it reaches `target` (one catch-up at a
    /// time; callers arriving meanwhile wait for it and then check again).
    private func ensureCaughtUp(model: ServingModel, sink: FeedbackSink, through target: Int64) async {
        while !(modelID == model.record.id && (online?.lastAppliedSeq ?? .min) >= target) {
            if catchingUp {
                await withCheckedContinuation { waiters.append($0) }
                continue
            }
            catchingUp = true
            let progressed = await step(model: model, sink: sink)
            catchingUp = false
            let woken = waiters
            waiters = []
            for w in woken { w.resume() }
            if !progressed { return }  // an error (in lastError), or nothing more to read
        }
    }

    /// One catch-up step: (re)builds the state for `model` when needed, then applies the next
    /// events of the log. Returns whether anything was applied.
    private func step(model: ServingModel, sink: FeedbackSink) async -> Bool {
        if modelID != model.record.id || online == nil {
            // Never back to an older model than the one followed (a request still on the model a
            // hot swap replaced): such requests are answered by their model alone.
            if let modelID, model.record.id < modelID { return false }
            online = OnlineRecommender(
                model: model.recommender, users: model.catalogue.users, items: LabelIndex(model.catalogue.items.labels.prefix(model.itemCount)),
                knowledgeGraph: model.catalogue.knowledgeGraph, prior: nil, lastEventSeq: Int64(model.record.lastEventSeq))
            online!.userVectors = model.attribution.vectorPart  // built once with the model (copy on write)
            vectorFoldInError = model.vectorPartUnavailable
            modelID = model.record.id
            updatedUsers = []
        }
        let from = online!.lastAppliedSeq
        var events: [StoredFeedbackEvent]
        if let recent = sink.committedEvents(after: from) {
            events = recent
        } else {
            do { events = try await sink.events(after: from, limit: Self.readChunk) } catch {
                lastError = "\(error)"
                return false
            }
        }
        guard !events.isEmpty else { return false }
        var start = 0
        while start < events.count {
            // Only this catch-up changes the state (catchingUp), so it is still the same model's.
            guard modelID == model.record.id, let online else { return false }
            let end = min(events.count, start + Self.replayChunk)
            do { try online.replay(Array(events[start..<end])) } catch {
                lastError = "\(error)"
                return false
            }
            for e in events[start..<end] { updatedUsers.insert(e.event.user) }
            start = end
            if start < events.count { await Task.yield() }
        }
        lastError = nil
        return true
    }
}
