import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// The online catch-up runs off the acknowledgement path, yet a user's recommendation asked after
/// a 202 reflects that request's events — also with other users' feedback committed concurrently.
@Suite struct FeedbackReadYourWritesTests {
    @Test func concurrentUsersSeeTheirOwnAcknowledgedFeedback() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in ["1", "2", "3"] {
                    group.addTask {
                        for round in 0..<3 {
                            let before = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=1", method: .get)
                            let top = try #require((before.json["items"] as? [[String: Any]])?.first?["item"] as? String)
                            let body = #"{"event_id": "u\#(user)-r\#(round)", "user": "\#(user)", "item": "\#(top)", "kind": "like", "timestamp": 1}"#
                            let r = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(body))
                            #expect(r.status == .accepted && r.json["accepted"] as? Int == 1)
                            // At once: the liked item is seen now, so it is no longer recommended.
                            let after = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=4", method: .get)
                            #expect(after.json["source"] as? String == "online")
                            let items = (after.json["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } ?? []
                            #expect(!items.contains(top), "user \(user) round \(round): \(top) still recommended")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Events logged before the server started (an earlier run that crashed, or `kgrec feedback`)
    /// count from the first request on: the model load finds them in the log and the updater
    /// follows it before the model is served.
    @Test func eventsLoggedBeforeTheServerStartedAreReflected() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let top = "11"  // user 1's first recommendation from the fixture's model (FeedbackRouteTests)
        let store = try KGStore.open(at: fixture.storePath, create: false)
        let logged = try store.appendEvents([FeedbackEvent(eventID: "before-start", user: "1", item: top, kind: .like, value: nil, timestamp: 1)])
        #expect(logged.accepted == 1)
        _ = try await fixture.server.state.reloader.reload()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?k=4", method: .get)
            #expect(r.json["source"] as? String == "online")
            let items = (r.json["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } ?? []
            #expect(!items.isEmpty && !items.contains(top), "\(items)")
            // Another user, without events, still gets the model's answer.
            let other = try await client.execute(uri: "/v1/users/2/recommendations?k=4", method: .get)
            #expect(other.json["source"] as? String == "hybrid")
        }
    }

    /// Events another writer (`kgrec feedback`) logs while the server runs are reflected once the
    /// server has seen them — at a model load, or at its next commit — for a user with no feedback
    /// through the server at all: the online updater catches up on them before answering.
    @Test func eventsAnotherWriterLogsWhileTheServerRunsAreReflected() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let store = try KGStore.open(at: fixture.storePath, create: false)
            func top(_ user: String) async throws -> String {
                let r = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=1", method: .get)
                #expect(r.json["source"] as? String == "hybrid")
                return try #require((r.json["items"] as? [[String: Any]])?.first?["item"] as? String)
            }
            func feedback(_ id: String) async throws {
                let body = #"{"event_id": "\#(id)", "user": "3", "item": "11", "kind": "view", "timestamp": 1}"#
                let r = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(body))
                #expect(r.status == .accepted && r.json["accepted"] as? Int == 1)
            }
            func expectReflected(_ user: String, without item: String) async throws {
                let r = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=4", method: .get)
                #expect(r.json["source"] as? String == "online", "user \(user)")
                let items = (r.json["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } ?? []
                #expect(!items.isEmpty && !items.contains(item), "user \(user): \(items)")
            }
            try await feedback("server-1")  // the updater follows the log from now on
            // Seen at a model load (a SIGHUP reload of the same model), with no commit in between.
            let top1 = try await top("1")
            let logged1 = try store.appendEvents([FeedbackEvent(eventID: "cli-1", user: "1", item: top1, kind: .like, value: nil, timestamp: 2)])
            #expect(logged1.accepted == 1)
            _ = try await fixture.server.state.reloader.reload()
            try await expectReflected("1", without: top1)
            // Seen at the server's next commit (another user's feedback), which finds the gap in seq.
            let top2 = try await top("2")
            let logged2 = try store.appendEvents([FeedbackEvent(eventID: "cli-2", user: "2", item: top2, kind: .like, value: nil, timestamp: 3)])
            #expect(logged2.accepted == 1)
            try await feedback("server-2")
            try await expectReflected("2", without: top2)
        }
    }
}
