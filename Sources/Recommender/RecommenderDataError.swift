/// Why recommender input files could not be read.
public enum RecommenderDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A line has fewer fields than required (1-based line number).
    case tooFewFields(path: String, line: Int, expected: Int, found: Int)
    /// A field that must be a number is not (1-based line and column = field number).
    case notANumber(path: String, line: Int, column: Int, text: String)
    /// A field is empty.
    case emptyField(path: String, line: Int, column: Int)
    /// An item id that is not in the catalogue (`--items`).
    case unknownItem(path: String, line: Int, item: String)
    /// Bytes that are not UTF-8.
    case invalidUTF8(path: String, line: Int, column: Int)
    /// The training interactions hold no positive.
    case noInteractions(path: String)

    public var description: String {
        switch self {
        case let .unreadable(p, r): return "\(p): cannot read file (\(r))"
        case let .tooFewFields(p, l, e, f): return "\(p):\(l): expected at least \(e) tab-separated fields, found \(f)"
        case let .notANumber(p, l, c, t): return "\(p):\(l): field \(c): expected a number, found '\(t)'"
        case let .emptyField(p, l, c): return "\(p):\(l): field \(c) is empty"
        case let .unknownItem(p, l, i): return "\(p):\(l): item '\(i)' is not in the item catalogue"
        case let .invalidUTF8(p, l, c): return "\(p):\(l): field \(c): invalid UTF-8"
        case let .noInteractions(p): return "\(p): no positive interactions"
        }
    }
}
