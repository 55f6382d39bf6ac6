import Hummingbird
import Recommender

/// `GET /v1/users/{id}/recommendations?k=10&exclude_seen=true&fallback=none|cold&explain=false&paths=1`
/// — top-k for a store user from the hybrid model. An unknown user is a 404, or with
/// `fallback=cold` the cold-start answer with nothing known; a known user without training items
/// gets, with `fallback=cold`, the cold-start answer from their stored attributes (else the
/// model's popularity fallback).
///
/// With `explain=true` every item carries an `explanation`: for a warm answer the
/// `kgrec-explanation/1` document of `GET /v1/explanations` with the best `paths` (1…5) KG paths
/// from the user's training items; for a cold-start answer the attribute cells behind its score.
/// Explained answers are rendered per request (never stored with the plain answers, which stay
/// byte for byte as without `explain`).
struct UserRecommendationsRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/v1/users/{id}/recommendations" }
    var queryParameters: Set<String> { ["k", "exclude_seen", "fallback", "explain", "paths"] }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let configuration = state.configuration
        let k = try query.integer("k", default: configuration.defaultK, in: configuration.kRange)
        let excludeSeen = try query.boolean("exclude_seen", default: true)
        let fallback = try query.choice("fallback", default: "none", among: ["none", "cold"])
        let explain = try query.boolean("explain", default: false)
        let paths = try query.integer("paths", default: 1, in: 1...RecommendationResponse.maxPathsPerItem)
        if query["paths"] != nil && !explain {
            throw APIError.invalid("paths", "'paths' applies only with explain=true")
        }
        let user = try pathParameter("id", context: context)
        let model = try await state.model()
        guard let id = model.catalogue.users.id(user) else {
            guard fallback == "cold" else {
                throw APIError.notFound("user", user, field: "id")
            }
            return try coldStart(user: user, stored: [:], k: k, explain: explain, model: model)
        }
        if fallback == "cold" && !model.hasTrainingItems(user: id) {
            return try coldStart(user: user, stored: model.catalogue.userAttributes[Int(id)], k: k, explain: explain, model: model)
        }
        // No hop to the online updater while nothing follows the feedback log (no feedback since start),
        // nor for a user known to have no event after the model's snapshot (the updater would answer nil).
        if excludeSeen, state.online.followsLog,
           state.feedback?.hasEvents(of: user, after: Int64(model.record.lastEventSeq)) != false,
           let online = try await state.online.recommend(user: user, k: k, model: model) {
            var items = RecommendationResponse.items(online, model)
            var note: String?
            if explain {
                // The online state's history is not readable from here: the paths start at the
                // user's training items and their score is the model's, which the note says.
                items = RecommendationResponse.attach(
                    try RecommendationResponse.warmExplanations(online, user: user, id: id, paths: paths, model: model), to: items)
                note = Self.onlineExplanationNote
            }
            return JSONResponse.make(bytes: RecommendationResponse(
                user: user, source: "online", attributes: nil, model: ModelSummary(model), k: k,
                items: items, explanationNote: note).json())
        }
        if explain {
            let top = model.recommender.recommend(user: Int(id), k: k, excludeSeen: excludeSeen)
            let items = RecommendationResponse.attach(
                try RecommendationResponse.warmExplanations(top, user: user, id: id, paths: paths, model: model),
                to: RecommendationResponse.items(top, model))
            return JSONResponse.make(bytes: RecommendationResponse(
                user: user, source: "hybrid", attributes: nil, model: ModelSummary(model), k: k, items: items).json())
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

    /// What an online answer's explanations explain.
    static let onlineExplanationNote = "the user has feedback since the model was trained and is ranked online; "
        + "explanation paths start at the user's items in the model's training data (feedback applied online is not among them) "
        + "and their score and shares are the served model's, not the online score"

    private func coldStart(user: String, stored: [String: String], k: Int, explain: Bool, model: ServingModel) throws -> Response {
        let cold = try ColdStartRoute.available(model)
        let evidence = cold.evidence(storedAttributes: stored)
        let top = try model.coldTopK(cold, evidence: evidence, k: k)
        var items = RecommendationResponse.items(top, model)
        if explain { items = RecommendationResponse.attach(try RecommendationResponse.coldExplanations(top, evidence: evidence, cold: cold), to: items) }
        return JSONResponse.make(bytes: RecommendationResponse(
            user: user, source: "cold_start", attributes: ColdStartRoute.describe(evidence, cold.schema), model: ModelSummary(model),
            k: k, items: items).json())
    }
}
