/// A small discrete Bayesian network over user attributes and a taste variable, in the CPT layout
/// of the `BayesNet` library (`tables[v][configuration * cardinality + state]`, parent
/// configurations row-major with the last parent fastest), so a learned `BayesianNetwork`
/// converts without reshaping.
public struct ColdStartTasteNetwork: Sendable, Equatable {
    /// Node names.
    public let names: [String]
    /// Number of states of each node.
    public let cardinalities: [Int]
    /// Parents of each node, in table order.
    public let parents: [[Int]]
    /// Conditional probability tables, one per node.
    public let tables: [[Double]]
    /// The taste node.
    public let taste: Int
    /// `attributeNodes[a]`: the node of schema attribute `a`.
    public let attributeNodes: [Int]

    /// Validates shapes, index ranges, acyclicity and that every CPT column sums to 1 (±1e-6).
    public init(names: [String], cardinalities: [Int], parents: [[Int]], tables: [[Double]], taste: Int,
                attributeNodes: [Int]) throws(ColdStartError) {
        let n = names.count
        guard cardinalities.count == n, parents.count == n, tables.count == n else {
            throw .invalidNetwork(reason: "\(n) names but \(cardinalities.count) cardinalities, \(parents.count) parent lists, \(tables.count) tables")
        }
        guard (0..<n).contains(taste) else { throw .invalidNetwork(reason: "taste node \(taste) out of range") }
        for a in attributeNodes where !(0..<n).contains(a) || a == taste {
            throw .invalidNetwork(reason: "attribute node \(a) out of range or equal to the taste node")
        }
        guard Set(attributeNodes).count == attributeNodes.count else { throw .invalidNetwork(reason: "attribute nodes repeat") }
        for v in 0..<n {
            guard cardinalities[v] > 0 else { throw .invalidNetwork(reason: "'\(names[v])' has no states") }
            for p in parents[v] where !(0..<n).contains(p) || p == v {
                throw .invalidNetwork(reason: "'\(names[v])' has parent index \(p)")
            }
            let q = parents[v].reduce(1) { $0 * cardinalities[$1] }
            guard tables[v].count == q * cardinalities[v] else {
                throw .invalidNetwork(reason: "'\(names[v])' table has \(tables[v].count) values, expected \(q * cardinalities[v])")
            }
            for c in 0..<q {
                var s = 0.0
                for k in 0..<cardinalities[v] {
                    let x = tables[v][c * cardinalities[v] + k]
                    guard x >= 0, x.isFinite else { throw .invalidNetwork(reason: "'\(names[v])' has probability \(x)") }
                    s += x
                }
                guard abs(s - 1) <= 1e-6 else { throw .invalidNetwork(reason: "'\(names[v])' column \(c) sums to \(s)") }
            }
        }
        // Acyclicity (Kahn).
        var indegree = parents.map(\.count)
        var ready = (0..<n).filter { indegree[$0] == 0 }
        var seen = 0
        while let v = ready.popLast() {
            seen += 1
            for w in 0..<n where parents[w].contains(v) {
                indegree[w] -= 1
                if indegree[w] == 0 { ready.append(w) }
            }
        }
        guard seen == n else { throw .invalidNetwork(reason: "the parent relation has a cycle") }
        self.names = names
        self.cardinalities = cardinalities
        self.parents = parents
        self.tables = tables
        self.taste = taste
        self.attributeNodes = attributeNodes
    }
}

/// Exact taste posterior by enumerating every joint state of the unobserved nodes — the
/// reference inference for the small cold-start network (a few thousand joint states), used in
/// tests and as the engine when no `BayesNet` inference engine is supplied.
public struct ColdStartEnumerationInference: ColdStartTasteInference {
    public let network: ColdStartTasteNetwork

    public init(network: ColdStartTasteNetwork) { self.network = network }

    public var tasteCount: Int { network.cardinalities[network.taste] }

    public func tastePosterior(_ evidence: [Int?]) throws(ColdStartError) -> [Double] {
        let net = network
        let n = net.cardinalities.count
        guard evidence.count == net.attributeNodes.count else {
            throw .invalidNetwork(reason: "evidence has \(evidence.count) entries, the network \(net.attributeNodes.count) attributes")
        }
        var state = [Int](repeating: 0, count: n)
        var free: [Int] = []
        var fixed = [Bool](repeating: false, count: n)
        for (a, s) in evidence.enumerated() {
            guard let s else { continue }
            let v = net.attributeNodes[a]
            guard (0..<net.cardinalities[v]).contains(s) else {
                throw .invalidNetwork(reason: "state \(s) out of range for '\(net.names[v])'")
            }
            state[v] = s
            fixed[v] = true
        }
        for v in 0..<n where !fixed[v] { free.append(v) }
        var posterior = [Double](repeating: 0, count: tasteCount)
        while true {
            var p = 1.0
            for v in 0..<n {
                var c = 0
                for u in net.parents[v] { c = c * net.cardinalities[u] + state[u] }
                p *= net.tables[v][c * net.cardinalities[v] + state[v]]
            }
            posterior[state[net.taste]] += p
            // Next joint state of the free nodes (mixed radix).
            var i = 0
            while i < free.count {
                let v = free[i]
                state[v] += 1
                if state[v] < net.cardinalities[v] { break }
                state[v] = 0
                i += 1
            }
            if i == free.count { break }
        }
        let z = posterior.reduce(0, +)
        guard z > 0 else { throw .impossibleEvidence }
        return posterior.map { $0 / z }
    }
}
