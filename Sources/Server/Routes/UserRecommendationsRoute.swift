import Hummingbird
import Recommender

/// `GET /v1/users/{id}/recommendations?k=10&exclude_seen=true&fallback=none|cold` — top-k for a
/// store user from the hybrid model. An unknown user is a 404, or with `fallback=cold` the
/// cold-start answer with nothing known; a known user without training items gets, with
/// `fallback=cold`, the cold-start answer from their stored attributes (else the model's
/// popularity fallback).
struct UserRecommendationsRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/v1/users/{id}/recommendations" }
    var queryParameters: Set<String> { ["k", "exclude_seen", "fallback"] }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let configuration = state.configuration
        let k = try query.integer("k", default: configuration.defaultK, in: configuration.kRange)
        let excludeSeen = try query.boolean("exclude_seen", default: true)
        let fallback = try query.choice("fallback", default: "none", among: ["none", "cold"])
        let user = try pathParameter("id", context: context)
        let model = try await state.model()
        guard let id = model.catalogue.users.id(user) else {
            guard fallback == "cold" else {
                throw APIError.notFound("user", user, field: "id")
            }
            return try coldStart(user: user, stored: [:], k: k, model: model)
        }
        if fallback == "cold" && !model.hasTrainingItems(user: id) {
            return try coldStart(user: user, stored: model.catalogue.userAttributes[Int(id)], k: k, model: model)
        }
        // No hop to the online updater while nothing follows the feedback log (no feedback since start).
        if excludeSeen, state.online.followsLog, let online = try await state.online.recommend(user: user, k: k, model: model) {
            return JSONResponse.make(bytes: RecommendationResponse(
                user: user, source: "online", attributes: nil, model: ModelSummary(model), k: k,
                items: RecommendationResponse.items(online, model)).json())
        }
        let render = {
            let top = model.recommender.recommend(user: Int(id), k: k, excludeSeen: excludeSeen)
            let json = RecommendationResponse(user: user, source: "hybrid", attributes: nil, model: ModelSummary(model), k: k,
                                              items: RecommendationResponse.items(top, model)).json()
            return ByteBuffer(bytes: json)
        }
        guard k <= model.rankingCacheDepth else { return JSONResponse.make(buffer: render()) }
        return JSONResponse.make(buffer: model.warmResponses.body(.init(user: id, k: k, excludeSeen: excludeSeen), render: render))
    }

    private func coldStart(user: String, stored: [String: String], k: Int, model: ServingModel) throws -> Response {
        let cold = try ColdStartRoute.available(model)
        let evidence = cold.evidence(storedAttributes: stored)
        let top = try model.coldTopK(cold, evidence: evidence, k: k)
        return JSONResponse.make(bytes: RecommendationResponse(
            user: user, source: "cold_start", attributes: ColdStartRoute.describe(evidence, cold.schema), model: ModelSummary(model),
            k: k, items: RecommendationResponse.items(top, model)).json())
    }
}
