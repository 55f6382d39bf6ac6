/// Sufficient statistics N_ijk of a network structure, updated incrementally from new rows.
///
/// Adding rows never refits from scratch: estimates after `add(a); add(b)` equal estimates from
/// the concatenation of `a` and `b` (pgmpy's `fit_update` intent, made exact by keeping counts).
public struct CountTable: Sendable {
    /// Variables of the structure, in network order.
    public let variables: [Variable]
    /// Parents of each variable (indices into `variables`), in header order.
    public let parents: [[Int]]
    /// `counts[v][config * r + state]`, configurations row-major over the parents (last fastest).
    public private(set) var counts: [[Int]]
    /// Number of rows counted so far.
    public private(set) var sampleCount = 0

    /// Zero counts for the structure of `network`.
    public init(structure network: BayesianNetwork) {
        self.init(variables: network.variables, parents: network.tables.map(\.parents))
    }

    /// Zero counts for variables and parent lists.
    public init(variables: [Variable], parents: [[Int]]) {
        self.variables = variables
        self.parents = parents
        counts = variables.indices.map { v in
            [Int](repeating: 0, count: parents[v].reduce(variables[v].cardinality) { $0 * variables[$1].cardinality })
        }
    }

    /// Adds every row of `data`, matching columns to variables by name and states by name.
    ///
    /// - Throws: `BayesNetError.unknownVariable` when the data lacks a variable's column and
    ///   `BayesNetError.unknownState` when a data state is not one of the variable's states
    ///   (nothing is counted then).
    public mutating func add(_ data: DiscreteDataSet) throws {
        // Column and state remapping, once.
        var columnOf: [Int] = []
        var stateMap: [[Int]] = []
        for variable in variables {
            guard let c = data.index(of: variable.name) else { throw BayesNetError.unknownVariable(variable.name) }
            columnOf.append(c)
            stateMap.append(try data.variables[c].states.map { s in
                guard let i = variable.stateIndex(s) else {
                    throw BayesNetError.unknownState(variable: variable.name, state: s, expected: variable.states)
                }
                return i
            })
        }
        let rows = data.rowCount
        for v in variables.indices {
            let r = variables[v].cardinality
            let ps = parents[v]
            var config = [Int](repeating: 0, count: rows)
            for p in ps {
                let card = variables[p].cardinality
                let col = data.columns[columnOf[p]]
                let map = stateMap[p]
                for row in 0..<rows { config[row] = config[row] * card + map[Int(col[row])] }
            }
            let col = data.columns[columnOf[v]]
            let map = stateMap[v]
            counts[v].withUnsafeMutableBufferPointer { c in
                for row in 0..<rows { c[config[row] * r + map[Int(col[row])]] += 1 }
            }
        }
        sampleCount += rows
    }

    /// A network with this structure and tables estimated from the counts.
    public func estimate(_ estimator: ParameterEstimator, name: String = "unknown") throws -> BayesianNetwork {
        let tables = variables.indices.map { v in
            ConditionalProbabilityTable(
                variable: v, cardinality: variables[v].cardinality, parents: parents[v],
                parentCardinalities: parents[v].map { variables[$0].cardinality },
                values: estimator.estimate(counts: counts[v], cardinality: variables[v].cardinality))
        }
        return try BayesianNetwork(name: name, variables: variables, tables: tables)
    }
}
