import Hummingbird

/// `GET /readyz` — 200 once a model is loaded (with its id), else 503 `not_ready` with the
/// reason (e.g. the store has no trained model yet).
struct ReadinessRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/readyz" }

    struct Ready: Encodable {
        var status = "ready"
        var model: ModelSummary
        var cold_start: Bool
    }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let model = try await state.model()
        let cold = if case .success = model.coldStart { true } else { false }
        return try JSONResponse.make(Ready(model: ModelSummary(model), cold_start: cold))
    }
}
