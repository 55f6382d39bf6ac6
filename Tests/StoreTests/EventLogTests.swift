import Foundation
import Testing
@testable import Store

@Suite struct EventLogTests {
    static func event(_ id: String, user: String = "u1", item: String = "i1", kind: FeedbackKind = .like,
                      value: Double? = nil, ts: Double = 1000) -> FeedbackEvent {
        FeedbackEvent(eventID: id, user: user, item: item, kind: kind, value: value, timestamp: ts)
    }

    @Test func appendIsIdempotentByEventID() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let store = try t.open()
        let first = try store.appendEvents([Self.event("a"), Self.event("b", kind: .rating, value: 4), Self.event("c", kind: .view)])
        #expect(first.outcomes == [.accepted(seq: 1), .accepted(seq: 2), .accepted(seq: 3)])
        #expect(first.lastSeq == 3)
        // The same ids again (even with other content) and a repeat inside the batch: duplicates, not errors.
        let again = try store.appendEvents([Self.event("b", user: "other"), Self.event("d"), Self.event("d"), Self.event("a")])
        #expect(again.outcomes == [.duplicate, .accepted(seq: 4), .duplicate, .duplicate])
        #expect(again.accepted == 1 && again.duplicates == 3 && again.rejected == 0)
        #expect(try store.eventCount() == 4)
        let stored = try store.events()
        #expect(stored.map(\.seq) == [1, 2, 3, 4])
        #expect(stored.map(\.event.eventID) == ["a", "b", "c", "d"])
        #expect(stored[1].event == Self.event("b", kind: .rating, value: 4))
        #expect(stored[2].event.value == nil)
        #expect(try store.events(after: 2).map(\.event.eventID) == ["c", "d"])
        #expect(try store.events(after: 1, limit: 2).map(\.seq) == [2, 3])
        // A batch of duplicates only stores nothing and uses up no seq: the log stays gap-free.
        let onlyDuplicates = try store.appendEvents((0..<50).map { _ in Self.event("a") })
        #expect(onlyDuplicates.duplicates == 50 && onlyDuplicates.lastSeq == 4)
        // Reopening sees the same log; numbering continues.
        let reopened = try t.open(create: false)
        #expect(try reopened.lastEventSeq() == 4)
        #expect(try reopened.appendEvents([Self.event("e")]).outcomes == [.accepted(seq: 5)])
    }

    @Test func invalidEventsAreRejectedOneByOneAndNeverStored() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let store = try t.open()
        let result = try store.appendEvents([
            Self.event("ok1"),
            Self.event("", kind: .click),
            Self.event("r", kind: .rating, value: nil),
            Self.event("nan", value: .nan),
            Self.event("inf", ts: .infinity),
            Self.event("nouser", user: ""),
            Self.event("ok2", kind: .dislike),
        ])
        #expect(result.outcomes == [
            .accepted(seq: 1), .rejected(.missingField("event_id")), .rejected(.missingField("value")),
            .rejected(.invalidValue(field: "value", text: "nan", expected: "a finite number")),
            .rejected(.invalidValue(field: "timestamp", text: "inf", expected: "a finite number of seconds")),
            .rejected(.missingField("user")), .accepted(seq: 2),
        ])
        #expect(try store.events().map(\.event.eventID) == ["ok1", "ok2"])
    }

    @Test func appendsAreDurableBeforeTheyReturn() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let store = try t.open()
        let settings = try store.eventDurabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)  // FULL: the WAL is fsynced at every commit
    }

    @Test func csvReaderReportsEachMalformedLine() throws {
        let text = #"""
            event_id,user,item,kind,value,timestamp
            e1,u1,i1,like,,100
            e2,u1,i2,rating,5,101.5

            e3,u1,i3,purchase
            e4,u1,i4,love,,102
            e5,u1,i5,view,abc,103
            e6,,i6,view,,104
            e7,u1,i7,click,,
            "e,8",u1,"i ""8""",click,,105
            e9,u1,"i9,view,,106
            e10,u2,i10,rating,,107
            e11,u2,i11,dislike,1,1e400
            """#
        var reader = try FeedbackEventReader(bytes: Array(text.utf8))
        #expect(reader.format == .csv)
        var lines: [FeedbackEventReader.Line] = []
        while let l = reader.next() { lines.append(l) }
        #expect(lines == [
            .event(line: 2, EventLogTests.event("e1", item: "i1", kind: .like, ts: 100)),
            .event(line: 3, EventLogTests.event("e2", item: "i2", kind: .rating, value: 5, ts: 101.5)),
            .rejected(FeedbackRejection(line: 5, problem: .malformed(column: 5, reason: "expected 6 fields, found 4"))),
            .rejected(FeedbackRejection(line: 6, problem: .unknownKind("love"))),
            .rejected(FeedbackRejection(line: 7, problem: .invalidValue(field: "value", text: "abc", expected: "a finite number"))),
            .rejected(FeedbackRejection(line: 8, problem: .missingField("user"))),
            .rejected(FeedbackRejection(line: 9, problem: .missingField("timestamp"))),
            .event(line: 10, EventLogTests.event("e,8", item: "i \"8\"", kind: .click, ts: 105)),
            .rejected(FeedbackRejection(line: 11, problem: .malformed(column: 3, reason: "unterminated quoted field"))),
            .rejected(FeedbackRejection(line: 12, problem: .missingField("value"))),
            .rejected(FeedbackRejection(line: 13, problem: .invalidValue(field: "timestamp", text: "1e400", expected: "a finite number of Unix seconds"))),
        ])
    }

    @Test func csvHeaderMustNameTheRequiredColumns() {
        #expect(throws: FeedbackInputError.missingColumns(source: "f.csv", line: 1, missing: ["item", "timestamp"], found: ["event_id", "user", "kind"])) {
            _ = try FeedbackEventReader(bytes: Array("event_id,user,kind\ne,u,like\n".utf8), source: "f.csv")
        }
        // Columns in another order, no value column, an extra column: fine.
        var reader = try! FeedbackEventReader(bytes: Array("timestamp,kind,item,user,event_id,extra\n5,view,i,u,e,x\n".utf8))
        #expect(reader.next() == .event(line: 2, EventLogTests.event("e", user: "u", item: "i", kind: .view, ts: 5)))
    }

    @Test func jsonLinesReaderReportsEachMalformedLine() throws {
        let text = """
            {"event_id": "j1", "user": "u1", "item": 42, "kind": "purchase", "value": null, "timestamp": 1700000000}
            {"event_id": "j2", "user": "u\\u00e9\\ud83d\\ude00", "item": "i2", "kind": "rating", "value": 3.5, "timestamp": 1.5e9, "extra": true}
            {"event_id": "j3", "user": "u1", "item": "i3", "kind": "like", "timestamp": "yesterday"}
            {"event_id": "j4", "user": "u1", "item": "i4", "kind": "like", "timestamp": 1
            {"event_id": "j5", "user": "u1", "item": "i5", "kind": "like", "timestamp": 1, "timestamp": 2}
            {"event_id": "j6", "user": "u1", "item": "i6", "kind": "share", "timestamp": 1}
            {"event_id": "j7", "user": "u1", "item": "i7", "kind": "like", "value": [1], "timestamp": 1}
            not json
            """
        var reader = try FeedbackEventReader(bytes: Array(text.utf8))
        #expect(reader.format == .jsonl)
        var lines: [FeedbackEventReader.Line] = []
        while let l = reader.next() { lines.append(l) }
        #expect(lines.count == 8)
        #expect(lines[0] == .event(line: 1, EventLogTests.event("j1", user: "u1", item: "42", kind: .purchase, ts: 1_700_000_000)))
        #expect(lines[1] == .event(line: 2, EventLogTests.event("j2", user: "ué😀", item: "i2", kind: .rating, value: 3.5, ts: 1.5e9)))
        #expect(lines[2] == .rejected(FeedbackRejection(line: 3, problem: .invalidValue(field: "timestamp", text: "yesterday", expected: "a number of Unix seconds"))))
        guard case .rejected(let r4) = lines[3], case .malformed = r4.problem else { Issue.record("line 4: \(lines[3])"); return }
        #expect(r4.line == 4)
        guard case .rejected(let r5) = lines[4], case .malformed(_, let why5) = r5.problem else { Issue.record("line 5: \(lines[4])"); return }
        #expect(why5.contains("twice"))
        #expect(lines[5] == .rejected(FeedbackRejection(line: 6, problem: .unknownKind("share"))))
        guard case .rejected(let r7) = lines[6], case .malformed(_, let why7) = r7.problem else { Issue.record("line 7: \(lines[6])"); return }
        #expect(why7.contains("nested"))
        guard case .rejected(let r8) = lines[7], case .malformed(let column, _) = r8.problem else { Issue.record("line 8: \(lines[7])"); return }
        #expect(r8.line == 8 && column == 1)
    }

    /// JSON string escapes in event lines (``JSONStringDecoder``): decoded, or the line rejected
    /// with the column of the offending byte.
    @Test func jsonLinesStringEscapesAreDecodedOrRejectedWithTheColumn() throws {
        let text = #"""
            {"event_id": "e\u00e9", "user": "\ud83d\ude00", "item": "i\/1", "kind": "like", "timestamp": 1}
            {"event_id": "e\x", "user": "u", "item": "i", "kind": "like", "timestamp": 1}
            {"event_id": "e", "user": "\ud83d", "item": "i", "kind": "like", "timestamp": 1}
            {"event_id": "e", "user": "\u12G4", "item": "i", "kind": "like", "timestamp": 1}
            {"event_id": "e", "user": "u
            """#
        var reader = try FeedbackEventReader(bytes: Array(text.utf8))
        var lines: [FeedbackEventReader.Line] = []
        while let l = reader.next() { lines.append(l) }
        #expect(lines == [
            .event(line: 1, Self.event("eé", user: "😀", item: "i/1", kind: .like, ts: 1)),
            .rejected(FeedbackRejection(line: 2, problem: .malformed(column: 17, reason: #"unknown escape '\x'"#))),
            .rejected(FeedbackRejection(line: 3, problem: .malformed(column: 33, reason: "unpaired surrogate escape"))),
            .rejected(FeedbackRejection(line: 4, problem: .malformed(column: 29, reason: #"bad \u escape"#))),
            .rejected(FeedbackRejection(line: 5, problem: .malformed(column: 29, reason: "unterminated string"))),
        ])
    }
}
