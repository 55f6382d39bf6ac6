import Hummingbird

/// Counts every request and times it, labelled with the route template Hummingbird matched
/// (`NotFound` for none). Installed outside ``JSONErrorMiddleware`` so it sees the final status.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public let metrics: ServerMetrics

    public init(metrics: ServerMetrics) { self.metrics = metrics }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch let error as any HTTPResponseError {
            record(request, context, status: error.status.code, start: start)
            throw error
        } catch {
            record(request, context, status: 500, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        metrics.recordRequest(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status,
                              duration: ContinuousClock.now - start)
    }
}
