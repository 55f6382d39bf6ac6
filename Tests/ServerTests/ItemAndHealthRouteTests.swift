import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/items/{id}`, `/healthz`, `/readyz`, `/metrics`, unknown routes and methods.
@Suite struct ItemAndHealthRouteTests {
    @Test func itemHasTitleAttributesAndLabelledNeighbours() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/items/10", method: .get)
            #expect(r.status == .ok)
            let json = r.json
            #expect(json["item"] as? String == "10")
            #expect(json["title"] as? String == "The First Film")
            #expect((json["attributes"] as? [String: String])?["class"] == "Comedy Drama")
            #expect((json["entity"] as? [String: Any])?["id"] as? String == "http://rdf.freebase.com/ns/m.f10")
            let neighbours = try #require(json["neighbours"] as? [[String: Any]])
            // m.f10 directed_by m.p1, genre m.g1 (out); m.p1 director.film m.f10 (in).
            #expect(neighbours.contains {
                $0["direction"] as? String == "out" && $0["relation"] as? String == "http://rdf.freebase.com/ns/film.film.directed_by"
                    && $0["entity"] as? String == "http://rdf.freebase.com/ns/m.p1"
            })
            #expect(neighbours.contains { $0["direction"] as? String == "in" })
            #expect(json["neighbour_count"] as? Int == neighbours.count)
            #expect(json["truncated"] as? Bool == false)
            #expect(json["positives"] as? Int == 2)

            let bounded = try await client.execute(uri: "/v1/items/10?neighbours=1", method: .get)
            #expect((bounded.json["neighbours"] as? [Any])?.count == 1)
            #expect(bounded.json["truncated"] as? Bool == true)

            let unlinked = try await client.execute(uri: "/v1/items/13", method: .get)
            #expect(unlinked.status == .ok)
            #expect(unlinked.json["entity"] == nil)
            #expect((unlinked.json["neighbours"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func itemErrors() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let missing = try await client.execute(uri: "/v1/items/999", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(missing.errorField == "id")
            for query in ["neighbours=-1", "neighbours=501", "neighbours=many", "limit=3"] {
                let r = try await client.execute(uri: "/v1/items/10?\(query)", method: .get)
                #expect(r.status == .badRequest, "\(query)")
                #expect(r.errorField == String(query.prefix { $0 != "=" }), "\(query)")
            }
            let badEncoding = try await client.execute(uri: "/v1/items/%E0%A4%A", method: .get)
            #expect(badEncoding.status == .badRequest)
            #expect(badEncoding.errorField == "id")
        }
    }

    @Test func healthAndReadiness() async throws {
        let fixture = try await ServerFixture.make(load: false)
        try await fixture.application().test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")

            let notReady = try await client.execute(uri: "/readyz", method: .get)
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.errorCode == "not_ready")
            let early = try await client.execute(uri: "/v1/users/1/recommendations", method: .get)
            #expect(early.status == .serviceUnavailable)
            #expect(early.errorCode == "not_ready")

            let reload = try await client.execute(uri: "/v1/admin/reload", method: .post)
            #expect(reload.status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
            #expect((ready.json["model"] as? [String: Any])?["id"] as? Int == 1)
            #expect(ready.json["cold_start"] as? Bool == true)
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(r.status == .notFound)
            #expect(r.errorCode == "route_not_found")
            let wrongMethod = try await client.execute(uri: "/v1/recommendations", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.errorCode == "method_not_allowed")
            #expect(wrongMethod.headers[.allow] == "POST")
        }
    }

    @Test func metricsAreValidPrometheusTextWithPerRouteCountsAndModelVersion() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for _ in 0..<3 { _ = try await client.execute(uri: "/v1/users/1/recommendations", method: .get) }
            _ = try await client.execute(uri: "/v1/users/1/recommendations?k=0", method: .get)
            _ = try await client.execute(uri: "/nowhere", method: .get)
            let r = try await client.execute(uri: "/metrics", method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = r.text
            let samples = try PrometheusText.parse(text)
            let route = "/v1/users/{id}/recommendations"
            #expect(samples[PrometheusText.key("kgrec_http_requests_total", ["route": route, "method": "GET", "status": "200"])] == 3, "\(text)")
            #expect(samples[PrometheusText.key("kgrec_http_requests_total", ["route": route, "method": "GET", "status": "400"])] == 1)
            #expect(samples[PrometheusText.key("kgrec_http_requests_total", ["route": "NotFound", "method": "GET", "status": "404"])] == 1)
            #expect(samples[PrometheusText.key("kgrec_http_request_duration_seconds_count", ["route": route, "method": "GET"])] == 4)
            #expect(samples[PrometheusText.key("kgrec_http_request_duration_seconds_bucket", ["route": route, "method": "GET", "le": "+Inf"])] == 4)
            #expect(samples[PrometheusText.key("kgrec_model_version", [:])] == 1)
            #expect(samples[PrometheusText.key("kgrec_model_loaded", [:])] == 1)
            #expect(samples[PrometheusText.key("kgrec_model_reloads_total", ["result": "ok"])] == 1)
            #expect(text.contains("# TYPE kgrec_http_request_duration_seconds histogram"))
        }
    }
}
