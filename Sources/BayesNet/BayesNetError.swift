/// Errors raised when building a network or answering a query.
public enum BayesNetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A variable name that the network does not have.
    case unknownVariable(String)
    /// A state name that the variable does not have.
    case unknownState(variable: String, state: String, expected: [String])
    /// A variable index outside the network.
    case variableIndexOutOfRange(Int)
    /// A state index outside the variable's states.
    case stateIndexOutOfRange(variable: String, state: Int)
    /// A query target that is also observed.
    case targetObserved(String)
    /// The same variable observed twice with different states.
    case conflictingEvidence(variable: String)
    /// The evidence has probability zero under the network, so no posterior exists.
    case impossibleEvidence(evidence: [String: String])
    /// A conditional probability table whose shape does not fit its variable and parents.
    case invalidTable(variable: String, reason: String)
    /// Two variables with the same name.
    case duplicateVariable(String)
    /// The parent relation has a directed cycle through these variables.
    case cycle(variables: [String])

    public var description: String {
        switch self {
        case let .unknownVariable(n): return "unknown variable '\(n)'"
        case let .unknownState(v, s, e):
            return "'\(s)' is not a state of '\(v)' (expected one of \(e.joined(separator: ", ")))"
        case let .variableIndexOutOfRange(i): return "variable index \(i) out of range"
        case let .stateIndexOutOfRange(v, s): return "state index \(s) out of range for '\(v)'"
        case let .targetObserved(v): return "query target '\(v)' is also given as evidence"
        case let .conflictingEvidence(v): return "variable '\(v)' observed twice with different states"
        case let .impossibleEvidence(e):
            let list = e.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return "the evidence \(list) has probability zero under the network; no posterior exists"
        case let .invalidTable(v, r): return "probability table of '\(v)': \(r)"
        case let .duplicateVariable(n): return "variable '\(n)' appears twice"
        case let .cycle(vars): return "the network has a directed cycle through \(vars.joined(separator: " -> "))"
        }
    }
}
