import Hummingbird
import Recommender

/// `GET /v1/explanations?user=ID&item=ID&paths=3&max_hops=3&format=json|dot` — why `item` is
/// recommended to `user`: the best KG paths from the user's items to it (`kgrec-explanation/1`
/// JSON, or a Graphviz DOT digraph), scored against the served hybrid model.
struct ExplanationRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/v1/explanations" }
    var queryParameters: Set<String> { ["user", "item", "paths", "max_hops", "format"] }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        guard let user = query["user"], !user.isEmpty else { throw APIError.invalid("user", "the query parameter 'user' is required") }
        guard let item = query["item"], !item.isEmpty else { throw APIError.invalid("item", "the query parameter 'item' is required") }
        var settings = ExplanationSettings()
        settings.paths = try query.integer("paths", default: 3, in: 1...20)
        settings.maxHops = try query.integer("max_hops", default: settings.maxHops, in: 1...4)
        let format = try query.choice("format", default: "json", among: ["json", "dot"])
        let model = try await state.model()
        guard let u = model.catalogue.users.id(user) else { throw APIError.notFound("user", user, field: "user") }
        guard let j = model.catalogue.items.id(item), Int(j) < model.itemCount else { throw APIError.notFound("item", item, field: "item") }
        let graph = model.explanationGraph
        guard graph.itemEntity[Int(j)] >= 0 else {
            throw APIError(.unprocessableContent, code: "unlinked_item",
                           message: "item '\(item)' has no knowledge-graph entity, so no path can reach it", field: "item")
        }
        let document: ExplanationDocument
        do {
            document = try model.explanationSearches.withSearch(paths: settings.paths, maxHops: settings.maxHops) { search in
                var explainer = WarmExplainer(search: consume search)  // moved, so its buffers stay uniquely referenced
                defer { search = explainer.search }  // the search's buffers go back to the pool
                return explainer.explain(user: user, item: j, score: model.attribution.score(user: Int(u), item: Int(j)),
                                         sources: model.attribution.sources(user: Int(u), item: Int(j)))
            }
        } catch {
            throw APIError.invalid("max_hops", "\(error)")
        }
        if format == "dot" {
            var buffer = ByteBufferAllocator().buffer(capacity: 2048)
            buffer.writeString(ExplanationDOTWriter.dot(document))
            return Response(status: .ok, headers: [.contentType: "text/vnd.graphviz; charset=utf-8"], body: ResponseBody(byteBuffer: buffer))
        }
        return JSONResponse.make(bytes: Array(document.jsonLine().utf8))
    }
}
