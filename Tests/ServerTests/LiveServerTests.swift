import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The server on an ephemeral loopback port with a real HTTP client: the model loads in the
/// background after start, then every route answers over the wire.
@Suite struct LiveServerTests {
    @Test func everyRouteOverHTTP() async throws {
        let fixture = try await ServerFixture.make(load: false) { $0.maxBodyBytes = 4096 }
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        let app = fixture.server.application(logger: logger, loadAtStart: true, reloadOnSIGHUP: false)
        try await app.test(.live) { client in
            #expect(client.port != nil && client.port != 0)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            // Ready once the start-up load finishes (bounded wait).
            var ready = try await client.execute(uri: "/readyz", method: .get)
            for _ in 0..<200 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(25))
                ready = try await client.execute(uri: "/readyz", method: .get)
            }
            #expect(ready.status == .ok)

            let warm = try await client.execute(uri: "/v1/users/2/recommendations?k=2", method: .get)
            #expect(warm.status == .ok)
            #expect((warm.json["items"] as? [Any])?.count == 2)
            let unknown = try await client.execute(uri: "/v1/users/x%20y/recommendations", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("'x y'"))

            let cold = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                                body: .json(#"{"attributes": {"occupation": "student"}, "k": 3}"#))
            #expect(cold.status == .ok)
            #expect((cold.json["items"] as? [Any])?.count == 3)
            let tooBig = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                                  body: .json(String(repeating: " ", count: 10_000) + "{}"))
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.errorCode == "payload_too_large")
            let badJSON = try await client.execute(uri: "/v1/recommendations", method: .post, body: .json("{\"k\": }"))
            #expect(badJSON.status == .badRequest)
            #expect(badJSON.errorCode == "invalid_json")

            let item = try await client.execute(uri: "/v1/items/11", method: .get)
            #expect(item.status == .ok)
            #expect(item.json["title"] as? String == "Second Film")
            let noSuchItem = try await client.execute(uri: "/v1/items/99999", method: .get)
            #expect(noSuchItem.status == .notFound && noSuchItem.errorField == "id")
            let badK = try await client.execute(uri: "/v1/users/2/recommendations?k=0", method: .get)
            #expect(badK.status == .badRequest && badK.errorField == "k")
            let wrongMethod = try await client.execute(uri: "/v1/feedback", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)

            let explanation = try await client.execute(uri: "/v1/explanations?user=1&item=11&paths=2", method: .get)
            #expect(explanation.status == .ok)
            #expect(explanation.json["schema"] as? String == "kgrec-explanation/1")
            let dot = try await client.execute(uri: "/v1/explanations?user=1&item=11&format=dot", method: .get)
            #expect(dot.status == .ok && dot.text.hasPrefix("digraph"))
            let noItem = try await client.execute(uri: "/v1/explanations?user=1", method: .get)
            #expect(noItem.status == .badRequest && noItem.errorField == "item")

            let event = #"{"event_id": "live-1", "user": "2", "item": "11", "kind": "like", "timestamp": 1000}"#
            let feedback = try await client.execute(uri: "/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                                    body: .json(event))
            #expect(feedback.status == .accepted)
            #expect(feedback.json["accepted"] as? Int == 1)
            let badEvent = try await client.execute(uri: "/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                                    body: .json(#"{"event_id": "live-2", "user": "2", "item": "11", "kind": "love", "timestamp": 1}"#))
            #expect(badEvent.status == .badRequest && badEvent.errorField == "kind")
            let afterFeedback = try await client.execute(uri: "/v1/users/2/recommendations?k=2", method: .get)
            #expect(afterFeedback.json["source"] as? String == "online")

            let reload = try await client.execute(uri: "/v1/admin/reload", method: .post)
            #expect(reload.status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            _ = try PrometheusText.parse(metrics.text)
            #expect(metrics.text.contains("kgrec_model_reloads_total{result=\"ok\"} 2"))
            let nowhere = try await client.execute(uri: "/v1/nowhere", method: .get)
            #expect(nowhere.status == .notFound)
            #expect(nowhere.errorCode == "route_not_found")
        }
    }
}
