/// Why an explanation could not be produced or read.
public enum ExplanationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A setting outside its domain.
    case invalidSetting(name: String, value: String, reason: String)
    /// A user id not in the store.
    case unknownUser(String)
    /// An item id not in the store.
    case unknownItem(String)
    /// The item has no linked KG entity, so no path can reach it.
    case unlinkedItem(String)
    /// Entity/relation vectors whose shape does not match the graph.
    case vectorShape(expected: String, found: String)
    /// A JSON explanation document that does not follow the schema (what was wrong and where).
    case malformedDocument(path: String, reason: String)
    /// A step of a path that is not an edge of the store (user, item, 0-based path and step index).
    case invalidStep(user: String, item: String, path: Int, step: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(n, v, r): return "\(n) = \(v): \(r)"
        case let .unknownUser(u): return "user '\(u)' is not in the store"
        case let .unknownItem(i): return "item '\(i)' is not in the store"
        case let .unlinkedItem(i): return "item '\(i)' has no linked KG entity, so no path can reach it"
        case let .vectorShape(e, f): return "entity/relation vectors: expected \(e), found \(f)"
        case let .malformedDocument(p, r): return "\(p): \(r)"
        case let .invalidStep(u, i, p, s, r): return "user '\(u)', item '\(i)': path \(p) step \(s): \(r)"
        }
    }
}
