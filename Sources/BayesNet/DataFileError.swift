/// Errors raised while reading data files (CSV samples, JSON Lines query files).
public enum DataFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file has no header line.
    case emptyFile(path: String)
    /// A row has a different number of fields than the header.
    case fieldCountMismatch(at: TextPosition, expected: Int, found: Int)
    /// A header names the same column twice.
    case duplicateColumn(name: String, at: TextPosition)
    /// A column the model needs is absent from the header.
    case missingColumn(name: String, path: String)
    /// A value that is not one of the variable's states.
    case unknownState(variable: String, value: String, expected: [String], at: TextPosition)
    /// An empty field (missing values are not supported).
    case emptyField(variable: String, at: TextPosition)
    /// A quoted field that never closes.
    case unterminatedQuote(at: TextPosition)
    /// A line that is not the expected JSON object.
    case invalidRecord(at: TextPosition, expected: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .emptyFile(path): return "\(path): empty file, expected a header line"
        case let .fieldCountMismatch(p, e, f): return "\(p): expected \(e) fields (as in the header), found \(f)"
        case let .duplicateColumn(name, p): return "\(p): column '\(name)' appears twice in the header"
        case let .missingColumn(name, path): return "\(path): no column '\(name)' in the header"
        case let .unknownState(v, value, e, p):
            return "\(p): '\(value)' is not a state of '\(v)' (expected one of \(e.joined(separator: ", ")))"
        case let .emptyField(v, p): return "\(p): empty value for '\(v)' (missing values are not supported)"
        case let .unterminatedQuote(p): return "\(p): unterminated quoted field"
        case let .invalidRecord(p, e): return "\(p): expected \(e)"
        }
    }
}
