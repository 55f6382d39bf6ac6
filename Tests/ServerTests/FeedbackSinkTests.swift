import Foundation
import Store
import Testing
@testable import Server

/// ``FeedbackSink``: group commit of concurrent batches, flush on close, and the memory of recent
/// commits the online updater reads.
@Suite struct FeedbackSinkTests {
    static func batch(_ prefix: String, _ n: Int, user: String = "1") -> [FeedbackEvent] {
        (0..<n).map { FeedbackEvent(eventID: "\(prefix)-\($0)", user: user, item: "11", kind: .view, value: nil, timestamp: 1000) }
    }

    /// Waits (bounded) until `n` jobs are queued behind the held writer.
    static func waitQueued(_ sink: FeedbackSink, _ n: Int) async throws {
        for _ in 0..<2000 where sink.queuedJobs < n { try await Task.sleep(for: .milliseconds(5)) }
        #expect(sink.queuedJobs == n)
    }

    @Test func knowsWhichUsersHaveEventsAfterASnapshot() async throws {
        let fixture = try await ServerFixture.make(load: false)
        // Logged before the sink opened (an earlier run): users 1 (seq 1, 2) and 2 (seq 3).
        let store = try KGStore.open(at: fixture.storePath, create: false)
        _ = try store.appendEvents(Self.batch("old", 2, user: "1") + Self.batch("older", 1, user: "2"))
        let sink = FeedbackSink(storePath: fixture.storePath)
        #expect(sink.hasEvents(of: "1", after: 0) == nil)  // not indexed yet
        #expect(try sink.readLoggedSeq(indexingUsersAfter: 2) == 3)
        #expect(sink.lastCommittedSeq == 3)
        #expect(sink.hasEvents(of: "1", after: 2) == false && sink.hasEvents(of: "2", after: 2) == true)
        #expect(sink.hasEvents(of: "1", after: 1) == nil)  // before the indexed range
        #expect(try sink.readLoggedSeq(indexingUsersAfter: 0) == 3)  // a model with an older snapshot
        #expect(sink.hasEvents(of: "1", after: 0) == true && sink.hasEvents(of: "1", after: 2) == false)
        #expect(sink.hasEvents(of: "3", after: 0) == false)
        // What the sink commits is indexed before append returns (before the request's 202).
        let r = try await sink.append(Self.batch("new", 1, user: "3"))
        #expect(r.accepted == 1 && r.lastSeq == 4)
        #expect(sink.hasEvents(of: "3", after: 0) == true && sink.hasEvents(of: "3", after: 3) == true && sink.hasEvents(of: "3", after: 4) == false)
        // Another writer (`kgrec feedback`) logs an event for user 4: seen at the sink's next commit,
        // which finds the gap in seq before its own events.
        _ = try store.appendEvents(Self.batch("cli", 1, user: "4"))
        #expect(sink.hasEvents(of: "4", after: 0) == false)
        let next = try await sink.append(Self.batch("next", 1, user: "5"))
        #expect(next.lastSeq == 6)
        #expect(sink.hasEvents(of: "4", after: 4) == true && sink.hasEvents(of: "4", after: 5) == false && sink.hasEvents(of: "5", after: 5) == true)
        await sink.close()
    }

    /// The index answers the online updater's question ("did this user log anything after the
    /// position applied?") also where the memory of recent commits cannot: events it has forgotten,
    /// and events another writer logged that a model load found at the log's end.
    @Test func indexAnswersWhereTheMemoryOfRecentCommitsCannot() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let sink = FeedbackSink(storePath: fixture.storePath, retainedEvents: 4)
        #expect(try sink.readLoggedSeq(indexingUsersAfter: 0) == 0)  // a model trained on the empty log
        _ = try await sink.append(Self.batch("a", 10, user: "1"))
        _ = try await sink.append(Self.batch("b", 10, user: "2"))
        #expect(sink.hasEvents(of: "2", after: 15) == true)
        #expect(sink.hasEvents(of: "1", after: 10) == false)
        #expect(sink.hasEvents(of: "9", after: 20) == false)
        #expect(sink.committedEvents(after: 5) == nil)  // forgotten...
        #expect(sink.hasEvents(of: "1", after: 5) == true && sink.hasEvents(of: "2", after: 5) == true)  // ...but indexed
        // `kgrec feedback` logs an event of user 3 while the server runs; a model load (same snapshot
        // or a later one) reads the log's end: the index has user 3 by the time lastCommittedSeq counts it.
        _ = try KGStore.open(at: fixture.storePath, create: false).appendEvents(Self.batch("cli", 1, user: "3"))
        #expect(sink.lastCommittedSeq == 20 && sink.hasEvents(of: "3", after: 20) == false)  // not seen by the sink yet
        #expect(try sink.readLoggedSeq(indexingUsersAfter: 20) == 21)
        #expect(sink.lastCommittedSeq == 21)
        #expect(sink.hasEvents(of: "3", after: 20) == true && sink.hasEvents(of: "3", after: 0) == true)
        #expect(sink.hasEvents(of: "1", after: 20) == false && sink.hasEvents(of: "3", after: 21) == false)
        // The sink's next commit finds no gap and keeps indexing its own events.
        _ = try await sink.append(Self.batch("c", 1, user: "1"))
        #expect(sink.hasEvents(of: "1", after: 21) == true && sink.hasEvents(of: "3", after: 21) == false)
        await sink.close()
    }

    @Test func concurrentBatchesQueuedDuringACommitShareOneTransaction() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let sink = FeedbackSink(storePath: fixture.storePath)
        _ = try await sink.append(Self.batch("warm", 1))  // opens the store
        let release = await sink.holdWriter()
        let groupsBefore = sink.committedGroups
        let results = try await withThrowingTaskGroup(of: (Int, FeedbackAppendResult).self) { group in
            for r in 0..<20 { group.addTask { (r, try await sink.append(Self.batch("r\(r)", 50, user: "\(r % 3 + 1)"))) } }
            try await Self.waitQueued(sink, 20)
            release()
            var out: [Int: FeedbackAppendResult] = [:]
            for try await (r, result) in group { out[r] = result }
            return out
        }
        // All twenty requests were committed by one transaction, each told about its own events only.
        #expect(sink.committedGroups == groupsBefore + 1)
        #expect(results.count == 20 && results.values.allSatisfy { $0.accepted == 50 && $0.duplicates == 0 })
        let seqs = results.values.flatMap { $0.outcomes.compactMap { if case .accepted(let s) = $0 { return s } else { return nil } } }
        #expect(Set(seqs).count == 1000 && seqs.min() == 2 && seqs.max() == 1001)
        let logged = try KGStore.open(at: fixture.storePath, create: false).events()
        #expect(logged.count == 1001 && Set(logged.map(\.event.eventID)).count == 1001)
        // The same ids again are duplicates, also when they come in concurrently.
        let again = try await withThrowingTaskGroup(of: Int.self) { group in
            for r in 0..<4 { group.addTask { try await sink.append(Self.batch("r\(r)", 50)).duplicates } }
            return try await group.reduce(0, +)
        }
        #expect(again == 200)
    }

    @Test func closeCommitsEverythingQueuedAndRefusesLaterBatches() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let sink = FeedbackSink(storePath: fixture.storePath)
        let release = await sink.holdWriter()
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            for r in 0..<10 { group.addTask { try await sink.append(Self.batch("q\(r)", 30)).accepted } }
            try await Self.waitQueued(sink, 10)
            group.addTask {
                await sink.close()  // shutdown begins while ten batches wait for the writer
                return 0
            }
            try await Task.sleep(for: .milliseconds(20))
            release()
            return try await group.reduce(0, +)
        }
        #expect(accepted == 300)
        #expect(try KGStore.open(at: fixture.storePath, create: false).eventCount() == 300)
        await #expect(throws: FeedbackSink.SinkError.self) { try await sink.append(Self.batch("late", 1)) }
        #expect(try KGStore.open(at: fixture.storePath, create: false).eventCount() == 300)
    }

    @Test func memoryOfRecentCommitsIsContiguousOrAbsent() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let sink = FeedbackSink(storePath: fixture.storePath, retainedEvents: 100)
        #expect(sink.committedEvents(after: 0) == [])
        _ = try await sink.append(Self.batch("a", 10, user: "1"))
        _ = try await sink.append(Self.batch("b", 10, user: "2"))
        #expect(sink.lastCommittedSeq == 20)
        #expect(sink.committedEvents(after: 12)?.map(\.seq) == Array(13...20))
        // Forgotten up to 12: asking from further back is answered by "read the log".
        #expect(sink.committedEvents(after: 5) == nil)
        // Another writer commits in between: memory restarts after the gap.
        try KGStore.open(at: fixture.storePath, create: false).appendEvents(Self.batch("other", 3))
        _ = try await sink.append(Self.batch("c", 2))
        #expect(sink.lastCommittedSeq == 25)
        #expect(sink.committedEvents(after: 20) == nil)
        #expect(sink.committedEvents(after: 23)?.map(\.event.eventID) == ["c-0", "c-1"])
        #expect(try await sink.events(after: 20).map(\.event.eventID) == ["other-0", "other-1", "other-2", "c-0", "c-1"])
    }
}
