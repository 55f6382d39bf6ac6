import Foundation
import Testing
@testable import Store

/// Group commit: several batches in one transaction give each batch the outcomes it would have had
/// appended alone, in order.
@Suite struct EventLogGroupCommitTests {
    static func event(_ id: String, user: String = "u1") -> FeedbackEvent {
        FeedbackEvent(eventID: id, user: user, item: "i1", kind: .like, value: nil, timestamp: 1000)
    }

    @Test func groupOutcomesEqualSequentialAppends() throws {
        let batches: [[FeedbackEvent]] = [
            [Self.event("a"), Self.event("b")],
            [Self.event("b", user: "other"), Self.event("c"), Self.event("c")],  // b of batch 0, c twice in the batch
            [Self.event(""), Self.event("d")],                                     // an invalid event is rejected alone
            [Self.event("a"), Self.event("a")],                                     // only duplicates
        ]
        let grouped = TemporaryStore()
        defer { grouped.cleanup() }
        let g = try grouped.open()
        try g.appendEvents([Self.event("z")])  // something logged before
        let (results, receivedAt) = try g.appendEventBatches(batches)
        #expect(!receivedAt.isEmpty)

        let sequential = TemporaryStore()
        defer { sequential.cleanup() }
        let s = try sequential.open()
        try s.appendEvents([Self.event("z")])
        let one = try batches.map { try s.appendEvents($0) }

        #expect(results.map(\.outcomes) == one.map(\.outcomes))
        #expect(results[0].outcomes == [.accepted(seq: 2), .accepted(seq: 3)])
        #expect(results[1].outcomes == [.duplicate, .accepted(seq: 4), .duplicate])
        #expect(results[2].outcomes == [.rejected(.missingField("event_id")), .accepted(seq: 5)])
        #expect(results[3].outcomes == [.duplicate, .duplicate])
        // One commit: every result reports the log's end after the group.
        #expect(results.allSatisfy { $0.lastSeq == 5 })
        let stored = try g.events()
        #expect(stored.map(\.event.eventID) == ["z", "a", "b", "c", "d"])
        #expect(stored.dropFirst().allSatisfy { $0.receivedAt == receivedAt })
        #expect(try s.events().map(\.event) == stored.map(\.event))
    }

    @Test func emptyGroupAndEmptyBatchesCommitNothing() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let store = try t.open()
        #expect(try store.appendEventBatches([]).results.isEmpty)
        let (results, _) = try store.appendEventBatches([[], [Self.event("a")], []])
        #expect(results.map(\.outcomes) == [[], [.accepted(seq: 1)], []])
        #expect(try store.eventCount() == 1)
    }
}
