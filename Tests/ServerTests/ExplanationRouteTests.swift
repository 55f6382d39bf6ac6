import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/explanations`.
@Suite struct ExplanationRouteTests {
    @Test func explainsAnItemThroughTheSharedGenre() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            // User 1 liked item 10; items 10 and 11 share the genre m.g1.
            let r = try await client.execute(uri: "/v1/explanations?user=1&item=11&paths=2", method: .get)
            #expect(r.status == .ok)
            let json = r.json
            #expect(json["schema"] as? String == "kgrec-explanation/1")
            #expect(json["user"] as? String == "1")
            #expect(json["item"] as? String == "11")
            let paths = try #require(json["paths"] as? [[String: Any]])
            let first = try #require(paths.first)
            let steps = try #require(first["steps"] as? [[String: Any]])
            #expect(steps.first?["relation"] as? String == "kgrec:interacted")
            #expect(steps.first?["entity"] as? String == "10")
            #expect(steps.contains { $0["entity"] as? String == "http://rdf.freebase.com/ns/m.g1" })
            #expect((first["share"] as? Double ?? 0) > 0)

            let dot = try await client.execute(uri: "/v1/explanations?user=1&item=11&format=dot", method: .get)
            #expect(dot.status == .ok)
            #expect(dot.headers[.contentType]?.hasPrefix("text/vnd.graphviz") == true)
            #expect(String(buffer: dot.body).hasPrefix("digraph"))
        }
    }

    @Test func explanationErrorsNameTheField() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("item=11", .badRequest, "user"),
                ("user=1", .badRequest, "item"),
                ("user=nobody&item=11", .notFound, "user"),
                ("user=1&item=999", .notFound, "item"),
                ("user=1&item=13", .unprocessableContent, "item"),
                ("user=1&item=11&paths=0", .badRequest, "paths"),
                ("user=1&item=11&max_hops=9", .badRequest, "max_hops"),
                ("user=1&item=11&format=svg", .badRequest, "format"),
            ]
            for (query, status, field) in cases {
                let r = try await client.execute(uri: "/v1/explanations?\(query)", method: .get)
                #expect(r.status == status, "\(query)")
                #expect(r.errorField == field, "\(query)")
            }
        }
    }
}
