import Hummingbird

/// A request's query parameters, checked against the names an endpoint declares: an unknown or
/// repeated name is rejected, and typed accessors reject malformed values, each with an
/// ``APIError`` naming the parameter.
public struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    /// Reads `request`'s query string; every name must be in `allowed`.
    public init(_ request: Request, allowed: Set<String>) throws(APIError) {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else { throw .unknownField(name, known: Array(allowed)) }
            guard values[name] == nil else { throw .invalid(name, "'\(name)' is given more than once") }
            values[name] = String(value)
        }
    }

    /// The raw value of `name`, if given.
    public subscript(_ name: String) -> String? { values[name] }

    /// An integer parameter in `range` (the default when absent).
    public func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = values[name] else { return value }
        guard let n = Int(text) else { throw .invalid(name, "'\(name)' must be an integer, found '\(text)'") }
        guard range.contains(n) else {
            throw .invalid(name, "'\(name)' must lie in \(range.lowerBound)…\(range.upperBound), found \(n)")
        }
        return n
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`; the default when absent).
    public func boolean(_ name: String, default value: Bool) throws(APIError) -> Bool {
        guard let text = values[name] else { return value }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .invalid(name, "'\(name)' must be true or false, found '\(text)'")
        }
    }

    /// One of `choices` (the default when absent).
    public func choice(_ name: String, default value: String, among choices: [String]) throws(APIError) -> String {
        guard let text = values[name] else { return value }
        guard choices.contains(text) else {
            throw .invalid(name, "'\(name)' must be one of \(choices.joined(separator: ", ")), found '\(text)'")
        }
        return text
    }
}
