import Hummingbird

/// An error answered to the client as `{"error": {"code", "message", "field"}}` with an HTTP
/// status. Every rejection of bad input is one of these (4xx), so a client can tell what was
/// wrong and where; `field` names the query parameter, path parameter or JSON member at fault
/// (dotted for nested members, e.g. `attributes.age`), or is null when no single field is.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status answered.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code (snake_case), e.g. `invalid_parameter`.
    public var code: String
    /// A human-readable explanation.
    public var message: String
    /// The offending field, if one can be named.
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(status.code) \(code): \(message)" + (field.map { " (field \($0))" } ?? "") }

    /// A malformed or out-of-range value.
    public static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: message, field: field)
    }

    /// A value of the wrong JSON type.
    public static func wrongType(_ field: String, expected: String, found: String) -> APIError {
        APIError(.badRequest, code: "invalid_type", message: "expected \(expected), found \(found)", field: field)
    }

    /// A query parameter or JSON member the endpoint does not define.
    public static func unknownField(_ field: String, known: [String]) -> APIError {
        let list = known.isEmpty ? "none" : known.sorted().joined(separator: ", ")
        return APIError(.badRequest, code: "unknown_field", message: "'\(field)' is not a parameter of this endpoint (known: \(list))", field: field)
    }

    /// A resource named in the path that does not exist.
    public static func notFound(_ what: String, _ id: String, field: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "\(what) '\(id)' does not exist", field: field)
    }

    /// The model the route needs is not loaded (yet).
    public static func notReady(_ message: String) -> APIError {
        APIError(.serviceUnavailable, code: "not_ready", message: message)
    }
}
