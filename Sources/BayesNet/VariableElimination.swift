/// Exact inference by variable elimination.
///
/// For each target the engine keeps only the ancestors of the target and the evidence (barren
/// nodes sum to one), restricts their CPTs to the evidence, and splits the remaining factors into
/// connected components: components without the target are d-separated from it and only
/// contribute a constant to P(evidence). Inside the target's component variables are eliminated
/// greedily by fewest fill-in edges (ties by smallest clique table), each step a fused
/// multiply-and-sum over flat row-major tables.
///
/// The engine keeps its scratch buffers between queries (hence `mutating` queries), so a query
/// allocates almost nothing; copies of an engine have independent buffers and can be used on
/// different threads.
public struct VariableElimination: Sendable {
    /// The network queried.
    public let network: BayesianNetwork
    private let cards: [Int]
    private var ws: Workspace

    public init(network: BayesianNetwork) {
        self.network = network
        self.cards = network.variables.map { $0.cardinality }
        self.ws = Workspace(network: network, cards: cards)
    }

    /// Marginals of each target given the evidence, and P(evidence), by name.
    ///
    /// - Throws: `BayesNetError.unknownVariable`/`unknownState` for bad names,
    ///   `targetObserved` when a target is also evidence, and `impossibleEvidence` when
    ///   P(evidence) = 0.
    public mutating func query(targets: [String], evidence: [String: String] = [:]) throws -> InferenceResult {
        let t = try targets.map { try network.requireIndex($0) }
        var e: [(variable: Int, state: Int)] = []
        for (name, state) in evidence.sorted(by: { $0.key < $1.key }) {
            let v = try network.requireIndex(name)
            e.append((v, try network.requireState(state, of: v)))
        }
        return try query(targets: t, evidence: e)
    }

    /// Marginals of each target given the evidence, and P(evidence), by index.
    public mutating func query(targets: [Int], evidence: [(variable: Int, state: Int)]) throws -> InferenceResult {
        let n = cards.count
        ws.resetEvidence()
        for (v, s) in evidence {
            guard v >= 0, v < n else { throw BayesNetError.variableIndexOutOfRange(v) }
            guard s >= 0, s < cards[v] else { throw BayesNetError.stateIndexOutOfRange(variable: network.variables[v].name, state: s) }
            if ws.evidence[v] >= 0 && ws.evidence[v] != s {
                ws.resetEvidence()
                throw BayesNetError.conflictingEvidence(variable: network.variables[v].name)
            }
            ws.evidence[v] = s
        }
        for t in targets {
            guard t >= 0, t < n else { throw BayesNetError.variableIndexOutOfRange(t) }
            if ws.evidence[t] >= 0 {
                ws.resetEvidence()
                throw BayesNetError.targetObserved(network.variables[t].name)
            }
        }
        ws.prepare(targets: targets)
        var marginals: [[Double]] = []
        marginals.reserveCapacity(targets.count)
        var pEvidence = 1.0
        if ws.constant == 0 {
            pEvidence = 0
        } else if targets.isEmpty {
            pEvidence = ws.solve(target: nil, needEvidence: true).pEvidence
        }
        for (i, t) in targets.enumerated() where pEvidence > 0 {
            let r = ws.solve(target: t, needEvidence: i == 0)
            if i == 0 { pEvidence = r.pEvidence }
            marginals.append(r.marginal)
        }
        guard pEvidence > 0 else {
            var named: [String: String] = [:]
            for v in ws.observed { named[network.variables[v].name] = network.variables[v].states[ws.evidence[v]] }
            throw BayesNetError.impossibleEvidence(evidence: named)
        }
        return InferenceResult(targets: targets, marginals: marginals, probabilityOfEvidence: pEvidence)
    }

    /// The largest clique (in variables) met when eliminating every variable of the moral graph
    /// in greedy min-fill order: treewidth + 1 of that order, the exponent of the worst query cost.
    public func eliminationWidth() -> Int {
        var graph = EliminationGraph()
        graph.reset(count: cards.count)
        for (i, c) in cards.enumerated() { graph.setWeight(i, Double(c)) }
        for t in network.tables { graph.addClique(t.parents + [t.variable]) }
        var width = 0
        while let v = graph.nextVertex(excluded: -1) {
            width = max(width, graph.degree(v) + 1)
            graph.eliminate(v)
        }
        return width
    }

    /// P(evidence) alone; 0 when the evidence is impossible (instead of the error `query` throws).
    public mutating func probabilityOfEvidence(_ evidence: [(variable: Int, state: Int)]) throws -> Double {
        do {
            return try query(targets: [], evidence: evidence).probabilityOfEvidence
        } catch BayesNetError.impossibleEvidence {
            return 0
        }
    }

}

/// The per-query state: the evidence-restricted CPTs (built once per query for the ancestors of
/// all targets and the evidence) and scratch arrays reused across targets.
private struct Workspace {
    let cards: [Int]
    let tables: [ConditionalProbabilityTable]
    var evidence: [Int]
    var observed: [Int] = []
    var built: [Int] = []
    var stack: [Int] = []
    var members: [Int] = []
    var used: [Int] = []
    var rootOfFactor: [Int] = []
    var roots: [Int] = []
    var group: [Int] = []
    var globals: [Int] = []
    var pool: [Int] = []
    var involved: [Int] = []
    var clique: [Int] = []
    var graph = EliminationGraph()
    var arena: FactorArena
    /// Index of each variable's reduced CPT in the arena, -1 when not built.
    var reducedOf: [Int]
    /// Product of the CPTs that the evidence reduced to a single number (ancestral set of all).
    var constant = 1.0
    var stamp: [Int]
    var stampValue = 0
    var uf: [Int]
    var local: [Int]

    init(network: BayesianNetwork, cards: [Int]) {
        let n = cards.count
        self.cards = cards
        self.tables = network.tables
        arena = FactorArena(capacity: 1024)
        evidence = [Int](repeating: -1, count: n)
        reducedOf = [Int](repeating: -1, count: n)
        stamp = [Int](repeating: 0, count: n)
        uf = [Int](repeating: 0, count: n)
        local = [Int](repeating: -1, count: n)
    }

    /// Clears the evidence of the previous query.
    mutating func resetEvidence() {
        for v in observed { evidence[v] = -1 }
        observed.removeAll(keepingCapacity: true)
        for v in evidence.indices where evidence[v] >= 0 { evidence[v] = -1 }
    }

    /// Restricts the CPTs of the ancestral closure of targets ∪ evidence (set in `evidence`).
    mutating func prepare(targets: [Int]) {
        for v in built { reducedOf[v] = -1 }
        built.removeAll(keepingCapacity: true)
        arena.truncate(to: (0, 0, 0))
        observed.removeAll(keepingCapacity: true)
        for v in evidence.indices where evidence[v] >= 0 { observed.append(v) }
        constant = 1
        stampValue += 1
        let mark = stampValue
        stack.removeAll(keepingCapacity: true)
        stack.append(contentsOf: observed)
        stack.append(contentsOf: targets)
        for v in stack { stamp[v] = mark }
        while let v = stack.popLast() {
            for p in tables[v].parents where stamp[p] != mark {
                stamp[p] = mark
                stack.append(p)
            }
        }
        for v in 0..<cards.count where stamp[v] == mark {
            let f = arena.addReduced(tables[v], evidence: evidence, cardinalities: cards)
            reducedOf[v] = f
            built.append(v)
            if arena.factors[f].scopeCount == 0 { constant *= arena.values[arena.factors[f].valueStart] }
        }
    }

    mutating func find(_ x: Int) -> Int {
        var r = x
        while uf[r] != r { r = uf[r] }
        var y = x
        while uf[y] != r { let next = uf[y]; uf[y] = r; y = next }
        return r
    }

    /// One target (or none): the normalised marginal and, when asked, P(evidence).
    mutating func solve(target: Int?, needEvidence: Bool) -> (marginal: [Double], pEvidence: Double) {
        // Ancestral set of {target} ∪ evidence, marked with a fresh stamp.
        stampValue += 1
        let mark = stampValue
        members.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        stack.append(contentsOf: observed)
        if let target { stack.append(target) }
        for v in stack where stamp[v] != mark { stamp[v] = mark; members.append(v) }
        while let v = stack.popLast() {
            for p in tables[v].parents where stamp[p] != mark {
                stamp[p] = mark
                members.append(p)
                stack.append(p)
            }
        }
        // Components of the restricted factors (unobserved variables only).
        for v in members { uf[v] = v }
        var constant = 1.0
        used.removeAll(keepingCapacity: true)
        for v in members {
            let f = reducedOf[v]
            let r = arena.factors[f]
            if r.scopeCount == 0 {
                constant *= arena.values[r.valueStart]
                continue
            }
            used.append(f)
            let r0 = find(arena.scopes[r.scopeStart])
            for j in 1..<max(r.scopeCount, 1) {
                let rx = find(arena.scopes[r.scopeStart + j])
                if rx != r0 { uf[rx] = r0 }
            }
        }
        if constant == 0 { return ([], 0) }
        let targetRoot = target.map { find($0) } ?? -1
        var pEvidence = constant
        var marginal: [Double] = []
        roots.removeAll(keepingCapacity: true)
        rootOfFactor.removeAll(keepingCapacity: true)
        for f in used {
            let root = find(arena.variable(f, 0))
            rootOfFactor.append(root)
            if root != targetRoot && needEvidence && !roots.contains(root) { roots.append(root) }
        }
        if let target {
            group.removeAll(keepingCapacity: true)
            for (i, f) in used.enumerated() where rootOfFactor[i] == targetRoot { group.append(f) }
            marginal = eliminate(keeping: target)
            var z = 0.0
            for x in marginal { z += x }
            pEvidence *= z
            if z > 0 { for i in marginal.indices { marginal[i] /= z } }
        }
        for root in roots where pEvidence > 0 {
            group.removeAll(keepingCapacity: true)
            for (i, f) in used.enumerated() where rootOfFactor[i] == root { group.append(f) }
            pEvidence *= eliminate(keeping: nil)[0]
        }
        return (marginal, pEvidence)
    }

    /// Eliminates every variable of a connected group of factors except `keep`; returns the
    /// unnormalised table over `keep`, or a one-element array holding the group's total.
    /// Intermediate factors are discarded from the arena afterwards.
    mutating func eliminate(keeping keep: Int?) -> [Double] {
        let saved = arena.mark
        globals.removeAll(keepingCapacity: true)
        for f in group {
            for j in 0..<arena.scopeCount(f) {
                let x = arena.variable(f, j)
                if local[x] < 0 { local[x] = globals.count; globals.append(x) }
            }
        }
        graph.reset(count: globals.count)
        for (i, x) in globals.enumerated() { graph.setWeight(i, Double(cards[x])) }
        for f in group {
            clique.removeAll(keepingCapacity: true)
            for j in 0..<arena.scopeCount(f) { clique.append(local[arena.variable(f, j)]) }
            graph.addClique(clique)
        }
        let keepLocal = keep.map { local[$0] } ?? -1
        for x in globals { local[x] = -1 }
        pool.removeAll(keepingCapacity: true)
        pool.append(contentsOf: group)
        var constant = 1.0
        while let v = graph.nextVertex(excluded: keepLocal) {
            graph.eliminate(v)
            let gv = globals[v]
            involved.removeAll(keepingCapacity: true)
            var i = 0
            while i < pool.count {
                if arena.contains(pool[i], variable: gv) {
                    involved.append(pool[i])
                    pool.swapAt(i, pool.count - 1)
                    pool.removeLast()
                } else {
                    i += 1
                }
            }
            let f = arena.sumProduct(involved, eliminating: gv, cardinalities: cards)
            if arena.scopeCount(f) == 0 { constant *= arena.values[arena.factors[f].valueStart] } else { pool.append(f) }
        }
        defer { arena.truncate(to: saved) }
        guard let keep else { return [constant] }
        var out = [Double](repeating: constant, count: cards[keep])
        for f in pool {
            // Every remaining factor is over `keep` alone.
            let start = arena.factors[f].valueStart
            for s in 0..<out.count { out[s] *= arena.values[start + s] }
        }
        return out
    }
}
