import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// `POST /v1/feedback`: durable, idempotent, validated, and reflected in the next recommendations.
@Suite struct FeedbackRouteTests {
    @Test func acceptedEventsAreLoggedAndChangeTheUsersRecommendations() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let before = try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get)
            #expect(before.json["source"] as? String == "hybrid")
            let beforeItems = (before.json["items"] as? [[String: Any]])?.map { $0["item"] as? String } ?? []
            #expect(beforeItems.contains("11"))

            let batch = #"{"events": [{"event_id": "a1", "user": "1", "item": "11", "kind": "like", "timestamp": 1000}, {"event_id": "a2", "user": "1", "item": "12", "kind": "view", "timestamp": 1001}, {"event_id": "a3", "user": "1", "item": "10", "kind": "bogus", "timestamp": 1002}]}"#
            let r = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(batch))
            #expect(r.status == .accepted)
            #expect(r.json["accepted"] as? Int == 2)
            #expect(r.json["duplicates"] as? Int == 0)
            let rejected = try #require(r.json["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1 && rejected.first?["index"] as? Int == 2 && rejected.first?["field"] as? String == "events[2].kind")

            // Durable: the events are in the store's log before the 202.
            let logged = try KGStore.open(at: fixture.storePath, create: false).events()
            #expect(logged.map(\.event.eventID) == ["a1", "a2"])

            // Idempotent by event_id.
            let again = try await client.execute(uri: "/v1/feedback", method: .post,
                                                 body: .json(#"{"event_id": "a1", "user": "1", "item": "11", "kind": "like", "timestamp": 1000}"#))
            #expect(again.status == .accepted)
            #expect(again.json["accepted"] as? Int == 0 && again.json["duplicates"] as? Int == 1)
            #expect(try KGStore.open(at: fixture.storePath, create: false).events().count == 2)

            // Events ingested, as Prometheus counters: what was committed, repeated and refused.
            let metrics = try PrometheusText.parse(try await client.execute(uri: "/metrics", method: .get).text)
            let events = { (result: String) in metrics[PrometheusText.key("kgrec_feedback_events_total", ["result": result])] }
            #expect(events("accepted") == 2 && events("duplicate") == 1 && events("rejected") == 1)
            #expect(metrics[PrometheusText.key("kgrec_feedback_batches_total", [:])] == 2)
            #expect(metrics[PrometheusText.key("kgrec_feedback_last_seq", [:])] == Double(r.json["last_seq"] as? Int ?? -1))

            // The next recommendation reflects the events: the liked and the viewed items are now seen.
            let after = try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get)
            #expect(after.status == .ok)
            #expect(after.json["source"] as? String == "online")
            let afterItems = (after.json["items"] as? [[String: Any]])?.compactMap { $0["item"] as? String } ?? []
            #expect(!afterItems.contains("11") && !afterItems.contains("12"))
        }
    }

    @Test func badFeedbackIsA4xxNamingTheField() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String?)] = [
                (#"{"user": "1", "item": "11", "kind": "like", "timestamp": 1}"#, .badRequest, "event_id"),
                (#"{"event_id": "x", "user": "1", "item": "11", "kind": "love", "timestamp": 1}"#, .badRequest, "kind"),
                (#"{"event_id": "x", "user": "1", "item": "11", "kind": "like", "timestamp": "noon"}"#, .badRequest, "timestamp"),
                (#"{"event_id": "x", "user": "1", "item": "11", "kind": "rating", "timestamp": 1}"#, .unprocessableContent, nil),
                (#"{"events": []}"#, .badRequest, "events"),
                (#"{"events": [1]}"#, .badRequest, "events[0]"),
                (#"{"events": [{"event_id": "x"}], "user": "1"}"#, .badRequest, "events"),
                (#"{"event_id": "x", "user": "1", "item": "11", "kind": "like", "timestamp": 1, "extra": 2}"#, .badRequest, "extra"),
            ]
            for (body, status, field) in cases {
                let r = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(body))
                #expect(r.status == status, "\(body)")
                if let field { #expect(r.errorField == field, "\(body)") }
            }
            #expect(try KGStore.open(at: fixture.storePath, create: false).events().isEmpty)
        }
    }
}
