import Hummingbird
import Logging

/// Turns every error a route (or Hummingbird itself) throws into the JSON error envelope.
///
/// - ``APIError``: answered as is.
/// - Hummingbird's `HTTPError`s (unknown route, body over the size limit, …) keep their status
///   and get a code derived from it.
/// - Anything else is a fault of the server, not of the request: logged and answered as a 500
///   `internal_error` without internals. Routes validate their input first, so bad input never
///   reaches this branch.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.make(error: error)
        } catch let error as any HTTPResponseError {
            return JSONResponse.make(error: Self.translate(error))
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            return JSONResponse.make(error: APIError(.internalServerError, code: "internal_error", message: "the server failed to answer this request"))
        }
    }

    /// The envelope for one of Hummingbird's own errors.
    static func translate(_ error: any HTTPResponseError) -> APIError {
        let status = error.status
        let message = (error as? HTTPError)?.body
        switch status {
        case .notFound:
            return APIError(.notFound, code: "route_not_found", message: message ?? "no such endpoint")
        case .methodNotAllowed:
            return APIError(.methodNotAllowed, code: "method_not_allowed", message: message ?? "this endpoint does not accept that method")
        case .contentTooLarge:
            return APIError(.contentTooLarge, code: "payload_too_large", message: message ?? "the request body is too large", field: "body")
        default:
            let code = status.reasonPhrase.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            return APIError(status, code: String(code), message: message ?? status.reasonPhrase)
        }
    }
}
