/// One path found by ``ExplanationPathSearch``, in store ids: from the start item's entity to the
/// explained item's entity.
public struct ExplanationFoundPath: Sendable, Equatable {
    /// The catalogue item the path starts from (an item of the user).
    public var startItem: Int32
    /// Entities visited, `hops + 1` of them: the start item's entity first, the target's last.
    public var nodes: [Int32]
    /// The stored relation of each hop.
    public var relations: [Int32]
    /// `inverse[k]`: hop `k` walks the stored edge `(nodes[k+1], relations[k], nodes[k])` against its
    /// direction; otherwise the stored edge is `(nodes[k], relations[k], nodes[k+1])`.
    public var inverse: [Bool]
    /// Log-weight of the path (higher is better), see ``ExplanationPathSearch``.
    public var score: Double
    /// Share of the item's score the path accounts for, see ``ExplanationPathSearch``.
    public var share: Double

    public init(startItem: Int32, nodes: [Int32], relations: [Int32], inverse: [Bool], score: Double, share: Double) {
        self.startItem = startItem
        self.nodes = nodes
        self.relations = relations
        self.inverse = inverse
        self.score = score
        self.share = share
    }

    /// Number of KG edges.
    public var hops: Int { relations.count }
}

/// What one search did: the best paths plus bookkeeping for benchmarks.
public struct ExplanationSearchResult: Sendable, Equatable {
    /// The best distinct paths, best first.
    public var paths: [ExplanationFoundPath]
    /// Path candidates scored.
    public var candidates: Int
    /// Start items whose neighbourhood was searched before the search stopped.
    public var sourcesSearched: Int
    /// True when the candidate budget stopped the search early (shares may then be overstated).
    public var truncated: Bool
}
