import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/users/{id}/recommendations` and `POST /v1/recommendations`: answers and every
/// rejection path.
@Suite struct RecommendationRouteTests {
    @Test func warmUserGetsRankedUnseenItems() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/json; charset=utf-8")
            let json = r.json
            #expect(json["user"] as? String == "1")
            #expect(json["source"] as? String == "hybrid")
            #expect((json["model"] as? [String: Any])?["id"] as? Int == 1)
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.count == 3)
            // User 1's only positive (rating ≥ 4) is item 10: excluded by default.
            #expect(!items.contains { $0["item"] as? String == "10" })
            #expect(items.map { $0["rank"] as? Int } == [1, 2, 3])
            let scores = items.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))
            #expect(items.contains { $0["title"] as? String == "Second Film" })

            let seen = try await client.execute(uri: "/v1/users/1/recommendations?k=4&exclude_seen=false", method: .get)
            let all = try #require(seen.json["items"] as? [[String: Any]])
            #expect(all.contains { $0["item"] as? String == "10" })
        }
    }

    @Test func kLargerThanTheCatalogueReturnsEveryCandidate() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?k=1000", method: .get)
            #expect(r.status == .ok)
            #expect((r.json["items"] as? [Any])?.count == 3)
            #expect(r.json["k"] as? Int == 1000)
        }
    }

    @Test func unknownUserIs404UnlessColdFallback() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/nobody/recommendations", method: .get)
            #expect(r.status == .notFound)
            #expect(r.errorCode == "not_found")
            #expect(r.errorField == "id")
            #expect(r.text.contains("nobody"))

            let cold = try await client.execute(uri: "/v1/users/nobody/recommendations?fallback=cold&k=2", method: .get)
            #expect(cold.status == .ok)
            #expect(cold.json["source"] as? String == "cold_start")
            #expect((cold.json["items"] as? [Any])?.count == 2)
            #expect((cold.json["attributes"] as? [String: String]) == [:])

            // A known user with training items stays on the warm model even with fallback=cold.
            let warm = try await client.execute(uri: "/v1/users/1/recommendations?fallback=cold", method: .get)
            #expect(warm.json["source"] as? String == "hybrid")
        }
    }

    @Test(arguments: [
        ("k=0", "k"), ("k=1001", "k"), ("k=-3", "k"), ("k=ten", "k"), ("k=1.5", "k"), ("k=", "k"),
        ("exclude_seen=maybe", "exclude_seen"), ("fallback=warm", "fallback"), ("explain=bogus", "explain"),
        ("k=2&k=3", "k"),
    ])
    func badQueryParametersAre400NamingTheField(query: String, field: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?\(query)", method: .get)
            #expect(r.status == .badRequest, "\(query)")
            #expect(r.errorField == field, "\(query)")
            #expect(["invalid_parameter", "unknown_field"].contains(r.errorCode ?? ""), "\(query)")
        }
    }

    @Test func coldStartFromAttributes() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(
                uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                body: .json(#"{"attributes": {"gender": "F", "occupation": "other", "age": 53, "zip_code": null}, "k": 2}"#))
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["source"] as? String == "cold_start")
            #expect(r.json["user"] == nil)
            #expect((r.json["attributes"] as? [String: String]) == ["gender": "F", "occupation": "other", "age": "53"])
            let items = try #require(r.json["items"] as? [[String: Any]])
            #expect(items.count == 2)

            // Any subset, and no body members at all (defaults).
            let none = try await client.execute(uri: "/v1/recommendations", method: .post, body: .json("{}"))
            #expect(none.status == .ok)
            #expect((none.json["items"] as? [Any])?.count == 4)
        }
    }

    @Test(arguments: [
        (#"{"attributes": {"gender": "X"}}"#, 400, "unknown_attribute_value", "attributes.gender"),
        (#"{"attributes": {"shoe_size": "42"}}"#, 400, "unknown_attribute", "attributes.shoe_size"),
        (#"{"attributes": {"gender": true}}"#, 400, "invalid_type", "attributes.gender"),
        (#"{"attributes": {"gender": ["F"]}}"#, 400, "invalid_type", "attributes.gender"),
        (#"{"attributes": ["gender"]}"#, 400, "invalid_type", "attributes"),
        (#"{"attributes": {}, "k": "10"}"#, 400, "invalid_type", "k"),
        (#"{"k": 2.5}"#, 400, "invalid_type", "k"),
        (#"{"k": 0}"#, 400, "invalid_parameter", "k"),
        (#"{"k": 5000}"#, 400, "invalid_parameter", "k"),
        (#"{"k": 1e300}"#, 400, "invalid_type", "k"),
        (#"{"user": "1"}"#, 400, "unknown_field", "user"),
        (#"{"explain": "yes"}"#, 400, "invalid_type", "explain"),
        (#"{"attributes": {"gender": "F"}"#, 400, "invalid_json", "body"),
        (#"not json"#, 400, "invalid_json", "body"),
        (#""#, 400, "invalid_json", "body"),
        (#"[1, 2]"#, 400, "invalid_type", "body"),
        (#""just a string""#, 400, "invalid_type", "body"),
    ] as [(String, Int, String, String)])
    func badColdStartBodiesAre4xxNamingTheField(body: String, status: Int, code: String, field: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                             body: .json(body))
            #expect(r.status.code == status, "\(body): \(r.text)")
            #expect(r.errorCode == code, "\(body): \(r.text)")
            #expect(r.errorField == field, "\(body): \(r.text)")
            let message = (r.json["error"] as? [String: Any])?["message"] as? String
            #expect(message?.isEmpty == false)
            if code == "invalid_json" && !body.isEmpty { #expect(message?.contains("character") == true || message?.contains("end of file") == true, "\(message ?? "")") }
        }
    }

    @Test func oversizedAndNonJSONBodiesAreRejected() async throws {
        let fixture = try await ServerFixture.make { $0.maxBodyBytes = 2048 }
        try await fixture.application().test(.router) { client in
            let big = #"{"attributes": {"gender": "F"}, "k": 5, "padding": ""# + String(repeating: "x", count: 4000) + #""}"#
            let r = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                             body: .json(big))
            #expect(r.status == .contentTooLarge)
            #expect(r.errorCode == "payload_too_large")
            #expect(r.errorField == "body")

            let form = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "text/plain"],
                                                body: .json("{}"))
            #expect(form.status == .unsupportedMediaType)
            #expect(form.errorCode == "unsupported_media_type")
        }
    }
}
