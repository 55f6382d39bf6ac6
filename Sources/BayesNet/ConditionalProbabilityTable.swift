/// The conditional distribution P(variable | parents) of one network node, stored flat.
///
/// Layout: `values[configuration * cardinality + state]`, where `configuration` enumerates the
/// parents' joint states in row-major order (the LAST parent varies fastest). This is the
/// row-major layout of a factor over `parents + [variable]`, so a CPT is used as a factor
/// without copying or transposing.
public struct ConditionalProbabilityTable: Sendable, Hashable {
    /// Index of the child variable in the network.
    public var variable: Int
    /// Indices of the parents, in header order.
    public var parents: [Int]
    /// Number of states of the child.
    public var cardinality: Int
    /// Cardinalities of the parents, parallel to `parents`.
    public var parentCardinalities: [Int]
    /// Probabilities, `configurationCount * cardinality` of them.
    public var values: [Double]

    public init(variable: Int, cardinality: Int, parents: [Int], parentCardinalities: [Int], values: [Double]) {
        self.variable = variable
        self.cardinality = cardinality
        self.parents = parents
        self.parentCardinalities = parentCardinalities
        self.values = values
    }

    /// Number of parent configurations (1 for a root).
    public var configurationCount: Int { parentCardinalities.reduce(1, *) }

    /// P(variable = state | parent configuration).
    @inlinable
    public func probability(state: Int, configuration: Int) -> Double {
        values[configuration * cardinality + state]
    }

    /// The configuration index of the given parent states (one per parent, in header order).
    public func configuration(parentStates: [Int]) -> Int {
        var c = 0
        for (k, s) in parentStates.enumerated() { c = c * parentCardinalities[k] + s }
        return c
    }

    /// The parent states of a configuration index (inverse of `configuration(parentStates:)`).
    public func parentStates(configuration: Int) -> [Int] {
        var rest = configuration
        var out = [Int](repeating: 0, count: parents.count)
        for k in stride(from: parents.count - 1, through: 0, by: -1) {
            out[k] = rest % parentCardinalities[k]
            rest /= parentCardinalities[k]
        }
        return out
    }

    /// Divides every column (each parent configuration's distribution) by its sum.
    /// Columns summing to zero are left unchanged.
    public mutating func normalizeColumns() {
        let r = cardinality
        for c in 0..<configurationCount {
            var s = 0.0
            for i in 0..<r { s += values[c * r + i] }
            if s > 0 { for i in 0..<r { values[c * r + i] /= s } }
        }
    }

    /// The table as `matrix[state][configuration]` (the layout of pgmpy and of the oracle's `model.json`).
    public var stateMajorMatrix: [[Double]] {
        let q = configurationCount
        return (0..<cardinality).map { i in (0..<q).map { values[$0 * cardinality + i] } }
    }
}
