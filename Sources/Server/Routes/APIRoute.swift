import Foundation
import Hummingbird

/// One endpoint of the API: its method, its path template (OpenAPI syntax, `{name}` for a path
/// parameter; Hummingbird's router reads the same syntax), the query parameters it accepts and
/// its handler. ``ServerRouter`` registers every route of ``ServerRoutes/all(state:)`` and
/// rejects query parameters a route does not declare, so the list is also what the OpenAPI
/// document is checked against.
///
/// Adding an endpoint = one file with a type conforming to this protocol + one line in
/// ``ServerRoutes``.
public protocol APIRoute: Sendable {
    /// HTTP method.
    var method: HTTPRequest.Method { get }
    /// Path template, e.g. `/v1/items/{id}`.
    var path: String { get }
    /// Query parameter names the route accepts.
    var queryParameters: Set<String> { get }
    /// Answers one request. Throw ``APIError`` for anything the client did wrong.
    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response
}

extension APIRoute {
    public var queryParameters: Set<String> { [] }

    /// Path parameter `name`, percent-decoded.
    public func pathParameter(_ name: String, context: BasicRequestContext) throws(APIError) -> String {
        guard let raw = context.parameters.get(name) else { throw .invalid(name, "missing path parameter '\(name)'") }
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw .invalid(name, "path parameter '\(name)' is not valid percent-encoded text: '\(raw)'")
        }
        return decoded
    }
}
