import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `explain` on `GET /v1/users/{id}/recommendations` and `POST /v1/recommendations`.
@Suite struct RecommendationExplainTests {
    /// The `items` of an answer.
    private func itemsOf(_ r: TestResponse) throws -> [[String: Any]] {
        try #require(r.json["items"] as? [[String: Any]], "\(r.text)")
    }

    @Test func explainFalseIsByteIdenticalToTheAnswerWithoutIt() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            for query in ["k=3", "k=4&exclude_seen=false", "k=2&fallback=cold"] {
                let plain = try await client.execute(uri: "/v1/users/1/recommendations?\(query)", method: .get)
                #expect(plain.status == .ok)
                for explain in ["explain=false", "explain=0"] {
                    // Both orders: before and after the plain answer went into the cache.
                    let r = try await client.execute(uri: "/v1/users/1/recommendations?\(query)&\(explain)", method: .get)
                    #expect(r.status == .ok)
                    #expect(Array(r.body.readableBytesView) == Array(plain.body.readableBytesView), "\(query)&\(explain)")
                }
            }
            // An explained answer is not stored as (or served instead of) the plain one.
            let explained = try await client.execute(uri: "/v1/users/2/recommendations?k=3&explain=true", method: .get)
            let plain = try await client.execute(uri: "/v1/users/2/recommendations?k=3", method: .get)
            #expect(explained.text.contains("\"explanation\""))
            #expect(!plain.text.contains("explanation"))
            let again = try await client.execute(uri: "/v1/users/2/recommendations?k=3&explain=1", method: .get)
            #expect(Array(again.body.readableBytesView) == Array(explained.body.readableBytesView))
        }
    }

    @Test func warmExplanationsArePathsFromTheUsersItemsToEachItem() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?k=3&explain=true", method: .get)
            #expect(r.status == .ok)
            #expect(r.json["source"] as? String == "hybrid")
            #expect(r.json["explanation_note"] == nil)
            let items = try itemsOf(r)
            #expect(items.count == 3)
            // Same ranking as without explain.
            let plain = try itemsOf(try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get))
            #expect(items.map { $0["item"] as? String } == plain.map { $0["item"] as? String })
            var explainedWithPaths = 0
            for item in items {
                let id = try #require(item["item"] as? String)
                let explanation = try #require(item["explanation"] as? [String: Any], "item \(id)")
                #expect(explanation["schema"] as? String == "kgrec-explanation/1")
                #expect(explanation["kind"] as? String == "warm")
                #expect(explanation["user"] as? String == "1")
                #expect(explanation["item"] as? String == id)
                let paths = try #require(explanation["paths"] as? [[String: Any]])
                #expect(paths.count <= 1, "default: one path per item")
                if id == "13" { #expect(paths.isEmpty, "item 13 has no KG entity: no path, not an error") }
                for path in paths {
                    let steps = try #require(path["steps"] as? [[String: Any]])
                    // Starts at one of user 1's training items (item 10, the only positive) …
                    #expect(steps.first?["relation"] as? String == "kgrec:interacted")
                    #expect(steps.first?["item"] as? String == "10")
                    // … and ends at the recommended item.
                    #expect(steps.last?["item"] as? String == id, "item \(id): \(steps)")
                    let share = try #require(path["share"] as? Double)
                    #expect(share > 0 && share <= 1 + 1e-9)
                    explainedWithPaths += 1
                }
            }
            #expect(explainedWithPaths >= 1, "item 11 shares a genre with item 10")

            // The same document GET /v1/explanations gives for paths=1.
            let item11 = try #require(items.first { $0["item"] as? String == "11" }?["explanation"] as? [String: Any])
            let direct = try await client.execute(uri: "/v1/explanations?user=1&item=11&paths=1", method: .get)
            #expect(NSDictionary(dictionary: item11).isEqual(to: direct.json))

            // paths asks for more.
            let more = try await client.execute(uri: "/v1/users/1/recommendations?k=3&explain=true&paths=5", method: .get)
            #expect(more.status == .ok)
            let item11More = try #require(try itemsOf(more).first { $0["item"] as? String == "11" }?["explanation"] as? [String: Any])
            let direct5 = try await client.execute(uri: "/v1/explanations?user=1&item=11&paths=5", method: .get)
            #expect(NSDictionary(dictionary: item11More).isEqual(to: direct5.json))
        }
    }

    @Test func onlineAnswersAreExplainedAndSayFromWhat() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let body = #"{"event_id": "e1", "user": "1", "item": "11", "kind": "like", "timestamp": 1}"#
            let fed = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(body))
            #expect(fed.status == .accepted)
            let r = try await client.execute(uri: "/v1/users/1/recommendations?k=2&explain=true", method: .get)
            #expect(r.status == .ok)
            #expect(r.json["source"] as? String == "online")
            #expect((r.json["explanation_note"] as? String)?.contains("training data") == true)
            for item in try itemsOf(r) {
                let explanation = try #require(item["explanation"] as? [String: Any])
                #expect(explanation["item"] as? String == item["item"] as? String)
                for path in explanation["paths"] as? [[String: Any]] ?? [] {
                    let steps = path["steps"] as? [[String: Any]] ?? []
                    #expect(steps.first?["item"] as? String == "10")
                    #expect(steps.last?["item"] as? String == item["item"] as? String)
                }
            }
            // Without explain the online answer has no note.
            let plain = try await client.execute(uri: "/v1/users/1/recommendations?k=2", method: .get)
            #expect(plain.json["source"] as? String == "online")
            #expect(!plain.text.contains("explanation"))
        }
    }

    @Test(arguments: [
        ("explain=bogus", "explain"), ("explain=", "explain"), ("explain=yes", "explain"), ("explain=true&explain=false", "explain"),
        ("explain=true&paths=0", "paths"), ("explain=true&paths=6", "paths"), ("paths=2", "paths"), ("explain=false&paths=2", "paths"),
    ])
    func badExplainParametersAre400NamingTheField(query: String, field: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/users/1/recommendations?\(query)", method: .get)
            #expect(r.status == .badRequest, "\(query)")
            #expect(r.errorField == field, "\(query)")
            #expect(r.errorCode == "invalid_parameter", "\(query)")
        }
    }

    /// Checks one cold-start explanation against the request's evidence (`known`: attribute → state).
    private func checkColdExplanation(_ item: [String: Any], known: [String: String]) throws {
        let explanation = try #require(item["explanation"] as? [String: Any])
        #expect(explanation["kind"] as? String == "cold-start-cells")
        #expect(explanation["neighbour_weight"] as? Double == 1)
        #expect(explanation["taste_share"] as? Double == 0)
        let popularity = try #require(explanation["item_popularity"] as? Double)
        #expect(popularity >= 0 && popularity <= 1)
        let cells = try #require(explanation["cells"] as? [[String: Any]])
        let score = try #require(explanation["score"] as? Double)
        // Cells that contribute nothing are not listed: an item nobody similar liked has none.
        #expect(cells.isEmpty == (score == 0) && cells.count <= 3, "\(explanation)")
        let shares = cells.compactMap { $0["share"] as? Double }
        #expect(shares.count == cells.count)
        #expect(shares.allSatisfy { $0 > 0 && $0 <= 1 + 1e-9 }, "\(shares)")
        #expect(shares.reduce(0, +) <= 1 + 1e-9)
        #expect(shares == shares.sorted(by: >))
        #expect(abs(score - (item["score"] as? Double ?? -1)) < 1e-5, "the explained score is the ranked score")
        for cell in cells {
            let attributes = try #require(cell["attributes"] as? [String: Any])
            // Every schema attribute is named; the request's attributes are among them.
            #expect(Set(known.keys).isSubset(of: Set(attributes.keys)))
            let posterior = try #require(cell["posterior"] as? Double)
            let preference = try #require(cell["item_preference"] as? Double)
            #expect(posterior > 0 && posterior <= 1 && preference > 0 && preference <= 1)
            // share = P(c | e) · p̂(i | c) / score.
            #expect(abs((cell["share"] as? Double ?? 0) - posterior * preference / score) < 1e-5)
        }
    }

    @Test func coldStartExplanationsAreTheAttributeCellsBehindTheScore() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let request = #"{"attributes": {"gender": "F", "occupation": "other", "age": 53}, "k": 3, "explain": true}"#
            let r = try await client.execute(uri: "/v1/recommendations", method: .post, body: .json(request))
            #expect(r.status == .ok, "\(r.text)")
            let known = try #require(r.json["attributes"] as? [String: String])
            let items = try itemsOf(r)
            #expect(!items.isEmpty)
            for item in items { try checkColdExplanation(item, known: known) }
            // Item 10 is liked by user 2, the only training user with exactly these attributes:
            // that cell has the largest posterior and explains the item best.
            let item10 = try #require(items.first { $0["item"] as? String == "10" }?["explanation"] as? [String: Any])
            let best = try #require((item10["cells"] as? [[String: Any]])?.first)
            let attributes = try #require(best["attributes"] as? [String: Any])
            for (name, value) in known { #expect(attributes[name] as? String == value, "\(name)") }
            #expect(best["item_preference"] as? Double == 1)

            // Same ranking as without explain, and no explanation there.
            let plainRequest = #"{"attributes": {"gender": "F", "occupation": "other", "age": 53}, "k": 3, "explain": false}"#
            let plain = try await client.execute(uri: "/v1/recommendations", method: .post, body: .json(plainRequest))
            #expect(!plain.text.contains("explanation"))
            #expect(try self.itemsOf(plain).map { $0["item"] as? String } == items.map { $0["item"] as? String })

            // The GET route's cold fallback explains the same way.
            let fallback = try await client.execute(uri: "/v1/users/nobody/recommendations?fallback=cold&k=2&explain=true", method: .get)
            #expect(fallback.status == .ok)
            #expect(fallback.json["source"] as? String == "cold_start")
            for item in try self.itemsOf(fallback) { try checkColdExplanation(item, known: [:]) }
        }
    }

    @Test(arguments: [
        (#"{"explain": "yes"}"#, "explain"), (#"{"explain": 1}"#, "explain"), (#"{"explain": "true"}"#, "explain"),
        (#"{"attributes": {}, "explain": [true]}"#, "explain"),
    ])
    func coldStartExplainMustBeABoolean(body: String, field: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/recommendations", method: .post, body: .json(body))
            #expect(r.status == .badRequest, "\(body)")
            #expect(r.errorCode == "invalid_type", "\(body)")
            #expect(r.errorField == field, "\(body)")
        }
    }
}
