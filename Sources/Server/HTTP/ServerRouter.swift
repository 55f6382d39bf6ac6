import Hummingbird

/// Builds the Hummingbird router: the metrics and error middleware first (so they wrap every
/// route and the not-found answer), then each ``APIRoute``, with its query parameters checked
/// against the ones it declares. Other standard methods on a known path answer 405 with an
/// `Allow` header.
public enum ServerRouter {
    public static func make(routes: [any APIRoute], metrics: ServerMetrics) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        var methodsByPath: [String: [HTTPRequest.Method]] = [:]
        var pathOrder: [String] = []
        for route in routes {
            let allowed = route.queryParameters
            router.on(RouterPath(stringLiteral: route.path), method: route.method) { request, context in
                let query = try QueryParameters(request, allowed: allowed)
                return try await route.respond(to: request, context: context, query: query)
            }
            if methodsByPath[route.path] == nil { pathOrder.append(route.path) }
            methodsByPath[route.path, default: []].append(route.method)
        }
        let standard: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch]
        for path in pathOrder {
            let methods = methodsByPath[path]!
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            for method in standard where !methods.contains(method) {
                router.on(RouterPath(stringLiteral: path), method: method) { request, _ -> Response in
                    var response = JSONResponse.make(error: APIError(
                        .methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed here; use \(allow)"))
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
        return router
    }
}
