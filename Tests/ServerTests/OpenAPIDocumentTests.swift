import Foundation
import Server
import Testing
import TestSupport

/// `openapi/kgrec.json` describes exactly the routes the router registers, with the same path
/// and query parameters.
@Suite struct OpenAPIDocumentTests {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    static func document() throws -> [String: Any] {
        let url = TestData.repositoryRoot.appendingPathComponent("openapi/kgrec.json")
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func documentAndRouterHaveTheSameRoutes() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let doc = try Self.document()
        #expect((doc["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in item.keys where Self.methods.contains(method) { documented.insert("\(method.uppercased()) \(path)") }
        }
        let registered = Set(fixture.server.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(registered.subtracting(documented).isEmpty, "routes missing from openapi/kgrec.json: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        #expect(registered.count == fixture.server.routes.count, "a method and path registered twice")
    }

    @Test func documentedParametersMatchWhatRoutesAccept() async throws {
        let fixture = try await ServerFixture.make(load: false)
        let doc = try Self.document()
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        let shared = ((doc["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]]) ?? [:]
        for route in fixture.server.routes {
            let operation = try #require(paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any])
            var query = Set<String>(), pathParameters = Set<String>()
            for p in operation["parameters"] as? [[String: Any]] ?? [] {
                var p = p
                if let ref = p["$ref"] as? String {
                    p = try #require(shared[String(ref.split(separator: "/").last ?? "")], "unresolved \(ref)")
                }
                let name = try #require(p["name"] as? String)
                switch p["in"] as? String {
                case "query": query.insert(name)
                case "path": pathParameters.insert(name); #expect(p["required"] as? Bool == true)
                default: Issue.record("\(route.path): parameter \(name) in \(p["in"] ?? "?")")
                }
            }
            #expect(query == route.queryParameters, "\(route.method.rawValue) \(route.path)")
            let templated = Set(route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            #expect(pathParameters == templated, "\(route.method.rawValue) \(route.path)")
            let responses = try #require(operation["responses"] as? [String: Any])
            #expect(responses["200"] != nil || responses["202"] != nil, "\(route.path)")
        }
    }
}
