/// Why cold-start data, attributes or settings were rejected.
public enum ColdStartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be read or tokenised.
    case file(RecommenderDataError)
    /// A header lacks a column the cold-start model needs.
    case missingColumn(path: String, column: String, available: [String])
    /// A user id in a list or ratings file is not in the users file (1-based line).
    case unknownUser(path: String, line: Int, user: String)
    /// An item id in the ratings file is not in the item catalogue (1-based line).
    case unknownItem(path: String, line: Int, item: String)
    /// A rating field is not a number (1-based line and field).
    case notANumber(path: String, line: Int, column: Int, text: String)
    /// An attribute specification such as `age_bucket=18-24,gender=F` is malformed at a 1-based character offset.
    case malformedAttributes(text: String, offset: Int, expected: String)
    /// An attribute name the model does not know.
    case unknownAttribute(name: String, known: [String])
    /// An attribute value never seen for that attribute.
    case unknownAttributeValue(attribute: String, value: String, known: [String])
    /// A store user's value of an attribute binned as a number is not a number.
    case notANumberAttribute(attribute: String, user: String, text: String)
    /// An item attribute the store does not hold (as a feature source).
    case unknownItemAttribute(name: String, known: [String])
    /// The same attribute given twice.
    case duplicateAttribute(String)
    /// No training user has an interaction profile to learn from.
    case noTrainingUsers
    /// A model setting outside its domain.
    case invalidSetting(name: String, value: String, reason: String)
    /// A taste network whose shape is inconsistent.
    case invalidNetwork(reason: String)
    /// The observed attributes have probability zero under the taste network.
    case impossibleEvidence

    public var description: String {
        switch self {
        case let .file(e): return e.description
        case let .missingColumn(p, c, a): return "\(p): line 1: no column '\(c)' (columns: \(a.joined(separator: ", ")))"
        case let .unknownUser(p, l, u): return "\(p):\(l): user '\(u)' is not in the users file"
        case let .unknownItem(p, l, i): return "\(p):\(l): item '\(i)' is not in the item catalogue"
        case let .notANumber(p, l, c, t): return "\(p):\(l): field \(c): expected a number, found '\(t)'"
        case let .malformedAttributes(t, o, e): return "attributes '\(t)': character \(o): expected \(e)"
        case let .unknownAttribute(n, k): return "unknown attribute '\(n)' (known: \(k.joined(separator: ", ")))"
        case let .unknownAttributeValue(a, v, k):
            return "'\(v)' is not a value of attribute '\(a)' (known: \(k.joined(separator: ", ")))"
        case let .notANumberAttribute(a, u, t): return "user '\(u)': attribute '\(a)': expected a number to bin, found '\(t)'"
        case let .unknownItemAttribute(n, k): return "no item has attribute '\(n)' (item attributes: \(k.joined(separator: ", ")))"
        case let .duplicateAttribute(n): return "attribute '\(n)' given twice"
        case .noTrainingUsers: return "no training user has a positive interaction"
        case let .invalidSetting(n, v, r): return "\(n) = \(v): \(r)"
        case let .invalidNetwork(r): return "invalid taste network: \(r)"
        case .impossibleEvidence: return "the given attributes have probability zero under the taste network"
        }
    }
}
