/// A discrete Bayesian network: variables, a DAG given by each node's parents, and one CPT per node.
///
/// Immutable once built; the initialiser checks shapes, index ranges and acyclicity.
public struct BayesianNetwork: Sendable {
    /// The network's name (`unknown` when a file gives none).
    public let name: String
    /// Variables in declaration order; a variable's index is its position here.
    public let variables: [Variable]
    /// `tables[i]` is P(variables[i] | parents).
    public let tables: [ConditionalProbabilityTable]
    /// Children of each variable, ascending.
    public let children: [[Int]]
    /// A topological order (parents before children; ties by declaration order).
    public let topologicalOrder: [Int]
    private let indexByName: [String: Int]

    /// Builds a network, validating every table against its variable and parents.
    public init(name: String = "unknown", variables: [Variable], tables: [ConditionalProbabilityTable]) throws {
        var byName: [String: Int] = [:]
        for (i, v) in variables.enumerated() {
            if byName.updateValue(i, forKey: v.name) != nil { throw BayesNetError.duplicateVariable(v.name) }
        }
        guard tables.count == variables.count else {
            throw BayesNetError.invalidTable(variable: name, reason: "expected \(variables.count) tables, found \(tables.count)")
        }
        let n = variables.count
        var children = [[Int]](repeating: [], count: n)
        for (i, t) in tables.enumerated() {
            let vname = variables[i].name
            guard t.variable == i else {
                throw BayesNetError.invalidTable(variable: vname, reason: "table \(i) is for variable index \(t.variable)")
            }
            guard t.cardinality == variables[i].cardinality, t.cardinality > 0 else {
                throw BayesNetError.invalidTable(variable: vname, reason: "cardinality \(t.cardinality), variable has \(variables[i].cardinality) states")
            }
            guard t.parentCardinalities.count == t.parents.count else {
                throw BayesNetError.invalidTable(variable: vname, reason: "parent cardinalities do not match parents")
            }
            for (k, p) in t.parents.enumerated() {
                guard p >= 0, p < n else { throw BayesNetError.variableIndexOutOfRange(p) }
                guard p != i else { throw BayesNetError.cycle(variables: [vname, vname]) }
                guard t.parentCardinalities[k] == variables[p].cardinality else {
                    throw BayesNetError.invalidTable(variable: vname, reason: "parent '\(variables[p].name)' cardinality mismatch")
                }
                if t.parents[..<k].contains(p) {
                    throw BayesNetError.invalidTable(variable: vname, reason: "parent '\(variables[p].name)' listed twice")
                }
                children[p].append(i)
            }
            guard t.values.count == t.configurationCount * t.cardinality else {
                throw BayesNetError.invalidTable(variable: vname, reason: "expected \(t.configurationCount * t.cardinality) values, found \(t.values.count)")
            }
        }
        for i in 0..<n { children[i].sort() }
        // Kahn's algorithm; the smallest ready index goes first, so the order is deterministic.
        var indegree = tables.map { $0.parents.count }
        var ready = (0..<n).filter { indegree[$0] == 0 }
        var order: [Int] = []
        order.reserveCapacity(n)
        while !ready.isEmpty {
            let next = ready.min()!
            ready.remove(at: ready.firstIndex(of: next)!)
            order.append(next)
            for c in children[next] {
                indegree[c] -= 1
                if indegree[c] == 0 { ready.append(c) }
            }
        }
        if order.count < n {
            throw BayesNetError.cycle(variables: Self.findCycle(tables: tables, variables: variables))
        }
        self.name = name
        self.variables = variables
        self.tables = tables
        self.children = children
        self.topologicalOrder = order
        self.indexByName = byName
    }

    /// Number of variables.
    public var count: Int { variables.count }

    /// The index of a variable by name.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// Parents of variable `i`, in header order.
    public func parents(of i: Int) -> [Int] { tables[i].parents }

    /// Directed edges (parent, child), in child order then header order.
    public var edges: [(parent: Int, child: Int)] {
        tables.flatMap { t in t.parents.map { (parent: $0, child: t.variable) } }
    }

    /// Resolves a name to an index, throwing `unknownVariable`.
    public func requireIndex(_ name: String) throws -> Int {
        guard let i = indexByName[name] else { throw BayesNetError.unknownVariable(name) }
        return i
    }

    /// Resolves a state name of variable `i`, throwing `unknownState`.
    public func requireState(_ state: String, of i: Int) throws -> Int {
        guard let s = variables[i].stateIndex(state) else {
            throw BayesNetError.unknownState(variable: variables[i].name, state: state, expected: variables[i].states)
        }
        return s
    }

    static func findCycle(tables: [ConditionalProbabilityTable], variables: [Variable]) -> [String] {
        let n = tables.count
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ v: Int) -> [Int]? {
            state[v] = 1
            stack.append(v)
            for p in tables[v].parents {
                if state[p] == 1 {
                    let start = stack.lastIndex(of: p)!
                    return Array(stack[start...]) + [p]
                }
                if state[p] == 0, let c = visit(p) { return c }
            }
            stack.removeLast()
            state[v] = 2
            return nil
        }
        for v in 0..<n where state[v] == 0 {
            if let c = visit(v) { return c.reversed().map { variables[$0].name } }
        }
        return []
    }
}
