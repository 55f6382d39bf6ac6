import Hummingbird

/// `GET /metrics` — Prometheus text exposition (format 0.0.4) of ``ServerMetrics``.
struct MetricsRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/metrics" }

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let bytes = state.metrics.exposition()
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: .ok, headers: [.contentType: Self.contentType], body: ResponseBody(byteBuffer: buffer))
    }
}
