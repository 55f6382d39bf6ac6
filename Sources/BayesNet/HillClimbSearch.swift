/// Greedy structure search on BIC: from a start DAG, repeatedly apply the best of all legal
/// single-edge additions, removals and reversals, until no move improves the score by at least
/// `epsilon`. A tabu list of recent moves stops the search from undoing them (pgmpy's
/// HillClimbSearch semantics), and `maxInDegree` bounds the number of parents.
public struct HillClimbSearch: Sendable {
    /// Largest number of parents a node may get (nil: unbounded).
    public var maxInDegree: Int?
    /// Number of recent moves whose inverses are forbidden.
    public var tabuLength: Int
    /// Smallest score improvement that counts.
    public var epsilon: Double
    /// Upper bound on the number of moves.
    public var maxIterations: Int

    public init(maxInDegree: Int? = nil, tabuLength: Int = 100, epsilon: Double = 1e-4, maxIterations: Int = 1_000_000) {
        self.maxInDegree = maxInDegree
        self.tabuLength = tabuLength
        self.epsilon = epsilon
        self.maxIterations = maxIterations
    }

    private enum Move: Equatable {
        case add(Int, Int)
        case remove(Int, Int)
        case reverse(Int, Int)
    }

    /// Learns each variable's parents (sorted) from `data`, starting from `start` (default: no edges).
    public func search(_ data: DiscreteDataSet, start: [[Int]]? = nil) -> [[Int]] {
        var score = BICScore(data: data)
        return search(score: &score, start: start)
    }

    /// As `search(_:start:)`, with a caller-owned score cache.
    public func search(score: inout BICScore, start: [[Int]]? = nil) -> [[Int]] {
        let n = score.data.variables.count
        var parents = start ?? [[Int]](repeating: [], count: n)
        var tabu: [Move] = []
        let limit = maxInDegree ?? Int.max
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var best: Move?
            var bestDelta = -Double.infinity
            func consider(_ m: Move, _ delta: Double) {
                if delta > bestDelta { best = m; bestDelta = delta }
            }
            for x in 0..<n {
                for y in 0..<n where x != y {
                    if parents[y].contains(x) {
                        // Remove x -> y.
                        if !tabu.contains(.remove(x, y)) {
                            let old = score.localScore(variable: y, parents: parents[y])
                            let new = score.localScore(variable: y, parents: parents[y].filter { $0 != x })
                            consider(.remove(x, y), new - old)
                        }
                        // Reverse x -> y, legal when no other directed path x ~> y exists.
                        if !tabu.contains(.reverse(x, y)) && !tabu.contains(.reverse(y, x))
                            && parents[x].count + 1 <= limit && !hasPath(from: x, to: y, parents: parents, skippingEdge: (x, y))
                        {
                            let oldY = score.localScore(variable: y, parents: parents[y])
                            let oldX = score.localScore(variable: x, parents: parents[x])
                            let newY = score.localScore(variable: y, parents: parents[y].filter { $0 != x })
                            let newX = score.localScore(variable: x, parents: parents[x] + [y])
                            consider(.reverse(x, y), newY + newX - oldY - oldX)
                        }
                    } else if !parents[x].contains(y) {
                        // Add x -> y, legal when y does not reach x.
                        if !tabu.contains(.add(x, y)) && parents[y].count + 1 <= limit
                            && !hasPath(from: y, to: x, parents: parents, skippingEdge: nil)
                        {
                            let old = score.localScore(variable: y, parents: parents[y])
                            let new = score.localScore(variable: y, parents: parents[y] + [x])
                            consider(.add(x, y), new - old)
                        }
                    }
                }
            }
            guard let move = best, bestDelta >= epsilon else { break }
            let undo: Move
            switch move {
            case let .add(x, y):
                parents[y].append(x)
                undo = .remove(x, y)
            case let .remove(x, y):
                parents[y].removeAll { $0 == x }
                undo = .add(x, y)
            case let .reverse(x, y):
                parents[y].removeAll { $0 == x }
                parents[x].append(y)
                undo = move
            }
            tabu.append(undo)
            if tabu.count > tabuLength { tabu.removeFirst(tabu.count - tabuLength) }
        }
        return parents.map { $0.sorted() }
    }

    /// Whether a directed path from `a` to `b` exists, optionally ignoring one edge.
    private func hasPath(from a: Int, to b: Int, parents: [[Int]], skippingEdge: (Int, Int)?) -> Bool {
        // Walk backwards from b through parents looking for a.
        var seen = [Bool](repeating: false, count: parents.count)
        var stack = [b]
        seen[b] = true
        while let v = stack.popLast() {
            for p in parents[v] {
                if let e = skippingEdge, e.0 == p, e.1 == v { continue }
                if p == a { return true }
                if !seen[p] { seen[p] = true; stack.append(p) }
            }
        }
        return false
    }
}
