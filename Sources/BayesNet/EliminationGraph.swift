/// The interaction graph of a set of factors, as bitset adjacency, used to choose a greedy
/// elimination order (fewest fill-in edges first, ties by the smallest clique table, then by index).
struct EliminationGraph {
    private(set) var count = 0
    private var words = 1
    private var adjacency: [UInt64] = []
    private(set) var eliminated: [Bool] = []
    private var weights: [Double] = []

    init() {}

    /// Empties the graph and gives it `count` isolated vertices of weight 1 (buffers are reused).
    mutating func reset(count: Int) {
        self.count = count
        words = max(1, (count + 63) >> 6)
        adjacency.removeAll(keepingCapacity: true)
        adjacency.append(contentsOf: repeatElement(0, count: count * words))
        eliminated.removeAll(keepingCapacity: true)
        eliminated.append(contentsOf: repeatElement(false, count: count))
        weights.removeAll(keepingCapacity: true)
        weights.append(contentsOf: repeatElement(1, count: count))
    }

    /// Sets the weight (number of states) of vertex `v`.
    mutating func setWeight(_ v: Int, _ w: Double) { weights[v] = w }

    /// Connects all the given local vertices pairwise (a factor's scope becomes a clique).
    mutating func addClique(_ vertices: [Int]) {
        for a in vertices {
            for b in vertices where b != a {
                adjacency[a * words + (b >> 6)] |= 1 << UInt64(b & 63)
            }
        }
    }

    /// The best vertex to eliminate next among the uneliminated ones that are not `excluded`.
    func nextVertex(excluded: Int) -> Int? {
        var best = -1
        var bestFill = Int.max
        var bestWeight = Double.infinity
        for v in 0..<count where !eliminated[v] && v != excluded {
            var fill = 0
            var weight = weights[v]
            let rowV = v * words
            for w in 0..<words {
                var bits = adjacency[rowV + w]
                while bits != 0 {
                    let u = (w << 6) | bits.trailingZeroBitCount
                    bits &= bits - 1
                    weight *= weights[u]
                    let rowU = u * words
                    for w2 in 0..<words {
                        var missing = adjacency[rowV + w2] & ~adjacency[rowU + w2]
                        if w2 == (u >> 6) { missing &= ~(1 << UInt64(u & 63)) }
                        fill += missing.nonzeroBitCount
                    }
                }
            }
            if fill < bestFill || (fill == bestFill && weight < bestWeight) {
                best = v
                bestFill = fill
                bestWeight = weight
            }
        }
        return best >= 0 ? best : nil
    }

    /// Number of current neighbours of `v`.
    func degree(_ v: Int) -> Int {
        var d = 0
        for w in 0..<words { d += adjacency[v * words + w].nonzeroBitCount }
        return d
    }

    /// Eliminates `v`: its neighbours become a clique and `v` leaves the graph.
    mutating func eliminate(_ v: Int) {
        eliminated[v] = true
        let rowV = v * words
        let vWord = v >> 6, vBit: UInt64 = 1 << UInt64(v & 63)
        for w in 0..<words {
            var bits = adjacency[rowV + w]
            while bits != 0 {
                let u = (w << 6) | bits.trailingZeroBitCount
                bits &= bits - 1
                let rowU = u * words
                for w2 in 0..<words { adjacency[rowU + w2] |= adjacency[rowV + w2] }
                adjacency[rowU + (u >> 6)] &= ~(1 << UInt64(u & 63))
                adjacency[rowU + vWord] &= ~vBit
            }
        }
        for w in 0..<words { adjacency[rowV + w] = 0 }
    }
}
