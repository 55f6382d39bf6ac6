/// Draws independent joint samples from a network in topological order (ancestral sampling).
public enum ForwardSampler {
    /// `rows` samples as a data set over the network's variables.
    public static func sample(_ network: BayesianNetwork, rows: Int, seed: UInt64) -> DiscreteDataSet {
        var rng = SplitMixGenerator(seed: seed)
        var columns = [[Int32]](repeating: [Int32](repeating: 0, count: rows), count: network.count)
        for row in 0..<rows {
            for v in network.topologicalOrder {
                let t = network.tables[v]
                var c = 0
                for (k, p) in t.parents.enumerated() { c = c * t.parentCardinalities[k] + Int(columns[p][row]) }
                let u = rng.nextUnit()
                var acc = 0.0
                var s = t.cardinality - 1
                for i in 0..<t.cardinality {
                    acc += t.values[c * t.cardinality + i]
                    if u < acc { s = i; break }
                }
                columns[v][row] = Int32(s)
            }
        }
        return DiscreteDataSet(variables: network.variables, columns: columns)
    }
}
