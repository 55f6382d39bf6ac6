import Hummingbird

/// `POST /v1/admin/reload` — loads the store's latest registered model and swaps it in
/// atomically; requests in flight finish on the model they started with. On failure the
/// current model stays and the answer says why (409 `no_model` when the store has none,
/// 500 `reload_failed` when its files cannot be loaded).
struct ReloadRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .post }
    var path: String { "/v1/admin/reload" }

    struct Reloaded: Encodable {
        var model: Int
        var created_at: String
        var previous_model: Int?
        var load_seconds: Double
    }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        do {
            let outcome = try await state.reloader.reload()
            return try JSONResponse.make(Reloaded(model: outcome.modelID, created_at: outcome.createdAt,
                                                  previous_model: outcome.previousModelID, load_seconds: outcome.loadSeconds))
        } catch let error as ModelLoadError {
            if case .noModel = error { throw APIError(.conflict, code: "no_model", message: error.description) }
            throw APIError(.internalServerError, code: "reload_failed", message: error.description)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.internalServerError, code: "reload_failed", message: "\(error)")
        }
    }
}
