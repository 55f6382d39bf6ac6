/// A discrete random variable with named states.
public struct Variable: Sendable, Hashable {
    /// The variable's name (unique within a network).
    public var name: String
    /// State names, in declaration order. State `i` of the variable is `states[i]`.
    public var states: [String]

    public init(name: String, states: [String]) {
        self.name = name
        self.states = states
    }

    /// Number of states.
    public var cardinality: Int { states.count }

    /// The index of a state by name (linear scan; variables have few states).
    public func stateIndex(_ state: String) -> Int? {
        states.firstIndex(of: state)
    }
}
