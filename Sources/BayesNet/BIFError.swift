/// Errors raised while reading a BIF (Bayesian Interchange Format) file.
///
/// Every case carries the position of the offending text and says what was expected.
public enum BIFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadableFile(path: String, reason: String)
    /// The text is not valid UTF-8.
    case invalidEncoding(TextPosition)
    /// A token other than the expected one was found.
    case unexpectedToken(found: String, expected: String, at: TextPosition)
    /// The input ended where more was expected.
    case unexpectedEndOfFile(expected: String, at: TextPosition)
    /// A word that should be a probability or count is not a number.
    case invalidNumber(text: String, at: TextPosition)
    /// A variable declares a number of states other than the number it lists.
    case stateCountMismatch(variable: String, declared: Int, listed: Int, at: TextPosition)
    /// A variable lists the same state twice.
    case duplicateState(variable: String, state: String, at: TextPosition)
    /// A variable is declared twice.
    case duplicateVariable(name: String, at: TextPosition)
    /// A probability block or row names a variable that was never declared.
    case unknownVariable(name: String, at: TextPosition)
    /// A conditional row names a state the parent does not have.
    case unknownState(variable: String, state: String, expected: [String], at: TextPosition)
    /// A `table`, `default` or conditional row has the wrong number of values.
    case valueCountMismatch(variable: String, expected: Int, found: Int, at: TextPosition)
    /// A conditional row lists the wrong number of parent states.
    case parentStateCountMismatch(variable: String, expected: Int, found: Int, at: TextPosition)
    /// Two probability blocks for one variable.
    case duplicateProbability(variable: String, at: TextPosition)
    /// A conditional row given twice for the same parent configuration.
    case duplicateRow(variable: String, parentStates: [String], at: TextPosition)
    /// A variable declared without any probability block.
    case missingProbability(variable: String, declaredAt: TextPosition)
    /// A parent configuration with neither a row, a `table` nor a `default`.
    case missingRow(variable: String, parentStates: [String], at: TextPosition)
    /// A probability that is negative, infinite or NaN, or a column that sums to zero.
    case invalidProbability(variable: String, parentStates: [String], reason: String, at: TextPosition)
    /// A variable lists itself or another variable twice among its parents.
    case invalidParents(variable: String, reason: String, at: TextPosition)
    /// The parent relation has a directed cycle through these variables.
    case cycle(variables: [String])

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read BIF file: \(reason)"
        case let .invalidEncoding(p):
            return "\(p): invalid UTF-8 text"
        case let .unexpectedToken(found, expected, p):
            return "\(p): expected \(expected), found \(found)"
        case let .unexpectedEndOfFile(expected, p):
            return "\(p): unexpected end of file, expected \(expected)"
        case let .invalidNumber(text, p):
            return "\(p): expected a number, found '\(text)'"
        case let .stateCountMismatch(v, declared, listed, p):
            return "\(p): variable '\(v)' declares \(declared) states but lists \(listed)"
        case let .duplicateState(v, s, p):
            return "\(p): variable '\(v)' lists state '\(s)' twice"
        case let .duplicateVariable(name, p):
            return "\(p): variable '\(name)' is declared twice"
        case let .unknownVariable(name, p):
            return "\(p): unknown variable '\(name)' (expected a declared variable)"
        case let .unknownState(v, s, expected, p):
            return "\(p): '\(s)' is not a state of '\(v)' (expected one of \(expected.joined(separator: ", ")))"
        case let .valueCountMismatch(v, expected, found, p):
            return "\(p): probability of '\(v)': expected \(expected) values, found \(found)"
        case let .parentStateCountMismatch(v, expected, found, p):
            return "\(p): probability of '\(v)': expected \(expected) parent states in the row label, found \(found)"
        case let .duplicateProbability(v, p):
            return "\(p): second probability block for '\(v)'"
        case let .duplicateRow(v, states, p):
            return "\(p): probability of '\(v)': row (\(states.joined(separator: ", "))) given twice"
        case let .missingProbability(v, p):
            return "\(p): variable '\(v)' has no probability block"
        case let .missingRow(v, states, p):
            return "\(p): probability of '\(v)': no row for parent states (\(states.joined(separator: ", "))) and no default"
        case let .invalidProbability(v, states, reason, p):
            let cfg = states.isEmpty ? "" : " given (\(states.joined(separator: ", ")))"
            return "\(p): probability of '\(v)'\(cfg): \(reason)"
        case let .invalidParents(v, reason, p):
            return "\(p): probability of '\(v)': \(reason)"
        case let .cycle(vars):
            return "the network has a directed cycle through \(vars.joined(separator: " -> "))"
        }
    }
}
