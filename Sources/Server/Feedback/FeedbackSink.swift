import Dispatch
import Foundation
import Store
import Synchronization

/// The store's feedback event log as the server writes it, with **group commit**.
///
/// One writer thread owns the store connection. ``append(_:)`` queues a request's batch and
/// suspends; the writer takes every batch queued meanwhile and appends them in one transaction
/// (``KGStore/appendEventBatches(_:)``: one WAL sync under `synchronous=FULL` for all of them),
/// then resumes each request with its own batch's outcomes. So ``append(_:)`` still returns only
/// once the request's events are committed — which is when the route may answer 202 — but under
/// concurrent load one fsync acknowledges many requests instead of one each.
///
/// Blocking SQLite work never runs on the Swift concurrency pool: the writer is a dedicated thread.
/// Committed events are also kept in memory for a while (``committedEvents(after:)``), so the
/// online updater follows the log without reading it back.
///
/// ``close()`` (graceful shutdown) refuses new batches, commits everything queued before and stops
/// the writer.
public final class FeedbackSink: Sendable {
    public let storePath: String
    private let writer: Writer

    /// Errors of the sink itself (store errors are passed through as ``StoreError``).
    public enum SinkError: Error, CustomStringConvertible {
        /// The sink was closed (the server is shutting down); the batch was not stored.
        case closed(storePath: String)

        public var description: String {
            switch self {
            case .closed(let path): return "the event log of \(path) is closed (the server is shutting down); nothing was stored"
            }
        }
    }

    /// - Parameters:
    ///   - maximumGroupEvents: most events appended in one transaction (more queued events go into
    ///     the next one; a single larger batch is a transaction of its own).
    ///   - retainedEvents: most committed events kept in memory for ``committedEvents(after:)``.
    public init(storePath: String, maximumGroupEvents: Int = 50_000, retainedEvents: Int = 50_000) {
        self.storePath = storePath
        writer = Writer(storePath: storePath, maximumGroupEvents: max(1, maximumGroupEvents), retainedEvents: max(0, retainedEvents))
    }

    deinit { writer.stopWhenIdle() }

    /// Appends `events` (duplicates by `event_id` are reported, not stored) and returns once they
    /// are committed — in one transaction with whatever other requests' batches were queued meanwhile.
    public func append(_ events: [FeedbackEvent]) async throws -> FeedbackAppendResult {
        try await withCheckedThrowingContinuation { continuation in
            writer.enqueue(.append(events, continuation))
        }
    }

    /// Logged events after `seq`, in log order, at most `limit` (read on the writer's connection,
    /// between commits).
    public func events(after seq: Int64, limit: Int = .max) async throws -> [StoredFeedbackEvent] {
        try await withCheckedThrowingContinuation { continuation in
            writer.enqueue(.read(after: seq, limit: limit, continuation))
        }
    }

    /// The last `seq` in the log after this sink's latest commit (0 before its first commit).
    public var lastCommittedSeq: Int64 { writer.committed.withLock { $0.lastSeq } }

    /// Reads the log's last `seq` from the store (blocking: call it off the event loops, e.g. on
    /// the model-load thread) and makes ``lastCommittedSeq`` at least that, so the online updater
    /// treats events logged before this sink opened — by an earlier run of the server, or
    /// `kgrec feedback` — as committed, and reads them from the store when it catches up.
    ///
    /// Also extends the per-user index behind ``hasEvents(of:after:)`` to every event after
    /// `snapshot` (a model's `last_event_seq`), so that question can be answered for that model,
    /// and — once it indexes the log — to the log's end (events other writers logged since this
    /// sink last committed), before ``lastCommittedSeq`` counts them.
    public func readLoggedSeq(indexingUsersAfter snapshot: Int64 = .max) throws -> Int64 {
        let store = try KGStore.open(at: storePath, create: false)
        let seq = try store.lastEventSeq()
        let (floor, through) = writer.userIndex.withLock { ($0.floor, $0.through) }
        var users: [String: Int64] = [:]
        if snapshot < floor {
            // Below the index (all of the log up to `seq` when nothing is indexed yet).
            users = try store.lastEventSeqByUser(after: snapshot, through: min(floor, seq))
        }
        if floor != .max, through < seq {
            // Past the index's end: what other writers (`kgrec feedback`) logged since this sink's last commit.
            for (user, last) in try store.lastEventSeqByUser(after: max(through, floor), through: seq) {
                users[user] = max(users[user] ?? 0, last)
            }
        }
        if min(floor, snapshot) != .max {
            writer.userIndex.withLock { index in
                index.merge(users)
                index.floor = min(index.floor, snapshot)
                index.through = max(index.through, seq)
            }
        }
        // Only now, so that the index covers every event ``lastCommittedSeq`` counts.
        writer.committed.withLock { $0.lastSeq = max($0.lastSeq, seq) }
        return seq
    }

    /// Whether `user` has an event in the log after `seq` (up to ``lastCommittedSeq``): nil when
    /// the index cannot tell — it does not reach back that far (``readLoggedSeq(indexingUsersAfter:)``
    /// was not called for a snapshot ≤ `seq`), or it does not yet cover every event committed.
    /// Events this sink committed are indexed before their request is acknowledged; events other
    /// writers (e.g. `kgrec feedback`) add while the server runs are indexed when the sink next
    /// commits (it finds the gap in `seq` and reads who wrote it) or next reads the log's end
    /// (``readLoggedSeq(indexingUsersAfter:)``, at a model load) — when the online updater sees them.
    public func hasEvents(of user: String, after seq: Int64) -> Bool? {
        let committed = lastCommittedSeq
        return writer.userIndex.withLock { index in
            guard seq >= index.floor, index.through >= committed else { return nil }
            return (index.last[user] ?? 0) > seq
        }
    }

    /// Transactions committed so far (each holding one or more requests' batches).
    public var committedGroups: Int { writer.committed.withLock { $0.groups } }

    /// The events this sink committed after `seq`, in log order, from memory — or nil when memory
    /// does not reach back to `seq + 1` (then read the store with ``events(after:limit:)``).
    /// Events at or before `seq` are forgotten: there is one consumer (the online updater).
    public func committedEvents(after seq: Int64) -> [StoredFeedbackEvent]? {
        writer.committed.withLock { log in
            let drop = log.events.prefix { $0.seq <= seq }.count
            if drop > 0 { log.events.removeFirst(drop) }
            guard let first = log.events.first else { return log.lastSeq <= seq ? [] : nil }
            return first.seq == seq + 1 ? log.events : nil
        }
    }

    /// Waits until every batch queued so far is committed (the sink stays open).
    public func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writer.enqueue(.flush(continuation))
        }
    }

    /// Tests: blocks the writer thread (after what is queued now) until the returned closure is
    /// called, so that batches queue up meanwhile.
    func holdWriter() async -> @Sendable () -> Void {
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        writer.enqueue(.hold(held: held, release: release))
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            Thread { held.wait(); c.resume() }.start()
        }
        return { release.signal() }
    }

    /// Tests: jobs queued for the writer and not yet taken.
    var queuedJobs: Int { writer.queue.withLock { $0.jobs.count } }

    /// Graceful shutdown: refuses new batches (they fail with ``SinkError/closed(storePath:)``),
    /// commits every batch queued before, and returns when the writer has stopped.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writer.close(continuation)
        }
    }
}

/// A request to the writer thread.
private enum SinkJob: Sendable {
    case append([FeedbackEvent], CheckedContinuation<FeedbackAppendResult, any Error>)
    case read(after: Int64, limit: Int, CheckedContinuation<[StoredFeedbackEvent], any Error>)
    case flush(CheckedContinuation<Void, Never>)
    /// Tests: the writer signals `held`, then blocks until `release` is signalled.
    case hold(held: DispatchSemaphore, release: DispatchSemaphore)
}

/// The state shared by a ``FeedbackSink`` and its writer thread (the thread holds this, not the
/// sink, so a released sink stops its thread).
private final class Writer: Sendable {
    let storePath: String
    let maximumGroupEvents: Int
    let retainedEvents: Int
    let queue = Mutex(Queue())
    let committed = Mutex(CommittedLog())
    let userIndex = Mutex(UserIndex())
    private let wakeup = DispatchSemaphore(value: 0)

    struct Queue: Sendable {
        var jobs: [SinkJob] = []
        var closed = false
        var started = false
        var finished = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Per user, the largest `seq` of their events after `floor` (floor .max: nothing indexed yet,
    /// but the writer indexes what it commits all the same).
    struct UserIndex: Sendable {
        var floor: Int64 = .max
        /// Every event in `floor < seq ≤ through` is indexed (once `floor` is set).
        var through: Int64 = 0
        var last: [String: Int64] = [:]

        mutating func merge(_ users: [String: Int64]) {
            for (user, seq) in users { last[user] = max(last[user] ?? 0, seq) }
        }
    }

    /// Recently committed events (contiguous in `seq`) and the log's last `seq` after the latest commit.
    struct CommittedLog: Sendable {
        var events: [StoredFeedbackEvent] = []
        var lastSeq: Int64 = 0
        var groups = 0
    }

    init(storePath: String, maximumGroupEvents: Int, retainedEvents: Int) {
        self.storePath = storePath
        self.maximumGroupEvents = maximumGroupEvents
        self.retainedEvents = retainedEvents
    }

    func enqueue(_ job: SinkJob) {
        let (accepted, start) = queue.withLock { q -> (Bool, Bool) in
            if q.closed { return (false, false) }
            q.jobs.append(job)
            let start = !q.started
            q.started = true
            return (true, start)
        }
        guard accepted else {
            switch job {
            case .append(_, let c): c.resume(throwing: FeedbackSink.SinkError.closed(storePath: storePath))
            case .read(_, _, let c): c.resume(throwing: FeedbackSink.SinkError.closed(storePath: storePath))
            case .flush(let c): c.resume()  // closed: everything accepted is committed by the time close() returns
            case .hold(let held, _): held.signal()
            }
            return
        }
        if start {
            let thread = Thread { [self] in self.loop() }
            thread.name = "kgrec-feedback-writer"
            thread.start()
        }
        wakeup.signal()
    }

    func close(_ continuation: CheckedContinuation<Void, Never>) {
        let resumeNow = queue.withLock { q -> Bool in
            q.closed = true
            if !q.started || q.finished { return true }
            q.closeWaiters.append(continuation)
            return false
        }
        if resumeNow { continuation.resume() } else { wakeup.signal() }
    }

    /// The sink was released: no new job can come; the thread stops after the queued ones.
    func stopWhenIdle() {
        queue.withLock { $0.closed = true }
        wakeup.signal()
    }

    // MARK: the writer thread

    private func loop() {
        var store: KGStore?
        while true {
            wakeup.wait()
            let (jobs, closed) = queue.withLock { q -> ([SinkJob], Bool) in
                let jobs = q.jobs
                q.jobs.removeAll(keepingCapacity: true)
                if q.closed && jobs.isEmpty { q.finished = true }
                return (jobs, q.closed)
            }
            if !jobs.isEmpty {
                run(jobs, store: &store)
                if closed { wakeup.signal() }  // go round once more to see the queue empty
                continue
            }
            if closed {
                store = nil  // close the connection (and its WAL checkpoint) before close() returns
                for waiter in queue.withLock({ q in defer { q.closeWaiters = [] }; return q.closeWaiters }) { waiter.resume() }
                return
            }
        }
    }

    private typealias PendingAppend = (events: [FeedbackEvent], continuation: CheckedContinuation<FeedbackAppendResult, any Error>)

    private func run(_ jobs: [SinkJob], store: inout KGStore?) {
        var appends: [PendingAppend] = []
        var others: [SinkJob] = []
        for job in jobs {
            if case .append(let events, let c) = job { appends.append((events, c)) } else { others.append(job) }
        }
        var start = 0
        while start < appends.count {
            var end = start + 1
            var size = appends[start].events.count
            while end < appends.count, size + appends[end].events.count <= maximumGroupEvents {
                size += appends[end].events.count
                end += 1
            }
            commit(appends[start..<end], store: &store)
            start = end
        }
        for job in others {
            switch job {
            case .read(let after, let limit, let c):
                do { c.resume(returning: try opened(&store).events(after: after, limit: limit)) } catch { c.resume(throwing: error) }
            case .flush(let c):
                c.resume()  // every append queued before it has been committed above
            case .hold(let held, let release):
                held.signal()
                release.wait()
            case .append:
                break
            }
        }
    }

    private func commit(_ group: ArraySlice<PendingAppend>, store: inout KGStore?) {
        let batches = group.map(\.events)
        let outcome: Result<(results: [FeedbackAppendResult], receivedAt: String), any Error>
        do { outcome = .success(try opened(&store).appendEventBatches(batches)) } catch { outcome = .failure(error) }
        switch outcome {
        case .success(let (results, receivedAt)):
            indexUsers(batches, results, store: store)
            remember(batches, results, receivedAt: receivedAt)
            for (k, request) in group.enumerated() { request.continuation.resume(returning: results[k]) }
        case .failure(let error):
            // Nothing of the group is stored. Retry each batch alone, so that a batch that cannot be
            // stored fails only its own request.
            guard group.count > 1 else {
                group.first?.continuation.resume(throwing: error)
                return
            }
            for k in group.indices { commit(group[k...k], store: &store) }
        }
    }

    /// Indexes the users of a commit's events, and of any events other writers added to the log
    /// since the index's last position (a gap in `seq` before this commit's first event).
    private func indexUsers(_ batches: [[FeedbackEvent]], _ results: [FeedbackAppendResult], store: KGStore?) {
        var mine: [String: Int64] = [:]
        var first = Int64.max
        for (b, result) in results.enumerated() {
            for (k, outcome) in result.outcomes.enumerated() {
                if case .accepted(let seq) = outcome {
                    mine[batches[b][k].user] = max(mine[batches[b][k].user] ?? 0, seq)
                    first = min(first, seq)
                }
            }
        }
        let lastSeq = results.first?.lastSeq ?? 0
        let (indexing, gapStart) = userIndex.withLock { index -> (Bool, Int64?) in
            guard index.floor != .max else { return (false, nil) }  // not indexing the log yet: own events only
            let from = max(index.through, index.floor)
            return (true, min(first, lastSeq + 1) - 1 > from ? from : nil)
        }
        var others: [String: Int64] = [:]
        var complete = indexing
        if let gapStart {
            // Read on the writer's connection; on failure the index stops answering (nil) until the next model load.
            if let store, let users = try? store.lastEventSeqByUser(after: gapStart, through: min(first, lastSeq + 1) - 1) {
                others = users
            } else {
                complete = false
                userIndex.withLock { $0.floor = .max }
            }
        }
        userIndex.withLock { index in
            index.merge(others)
            index.merge(mine)
            // `through` only claims what was read: not while the log itself is not indexed (a model
            // load may be reading it concurrently; it covers up to the end it read, the next commit the rest).
            if complete { index.through = max(index.through, lastSeq) }
        }
    }

    private func remember(_ batches: [[FeedbackEvent]], _ results: [FeedbackAppendResult], receivedAt: String) {
        var fresh: [StoredFeedbackEvent] = []
        if retainedEvents > 0 {
            for (b, result) in results.enumerated() {
                for (k, outcome) in result.outcomes.enumerated() {
                    if case .accepted(let seq) = outcome { fresh.append(StoredFeedbackEvent(seq: seq, event: batches[b][k], receivedAt: receivedAt)) }
                }
            }
        }
        let lastSeq = results.first?.lastSeq ?? 0
        committed.withLock { log in
            log.groups += 1
            log.lastSeq = max(log.lastSeq, lastSeq)
            guard !fresh.isEmpty else { return }
            if let last = log.events.last, fresh[0].seq != last.seq + 1 {
                log.events.removeAll()  // another writer (e.g. `kgrec feedback`) committed in between
            }
            log.events.append(contentsOf: fresh)
            // Trim to half the limit at once (amortised O(1) per event when nobody drains the memory).
            if log.events.count > retainedEvents { log.events.removeFirst(log.events.count - retainedEvents / 2) }
        }
    }

    private func opened(_ store: inout KGStore?) throws -> KGStore {
        if let store { return store }
        let s = try KGStore.open(at: storePath, create: false)
        store = s
        return s
    }
}
