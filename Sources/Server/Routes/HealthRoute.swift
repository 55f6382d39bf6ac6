import Hummingbird

/// `GET /healthz` — the process is up and answering (says nothing about the model).
struct HealthRoute: APIRoute {
    var method: HTTPRequest.Method { .get }
    var path: String { "/healthz" }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        try JSONResponse.make(["status": "ok"])
    }
}
