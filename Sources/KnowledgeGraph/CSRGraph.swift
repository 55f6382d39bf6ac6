/// A directed multi-relational graph in compressed sparse row form, both ways.
///
/// Out-edges are grouped by head and sorted by (relation, tail); in-edges are
/// grouped by tail and sorted by (relation, head). Each edge costs 6 bytes per
/// direction (an `Int32` node plus a `UInt16` relation), so the adjacency is
/// 12 bytes per triple plus 8 bytes per node for the two offset arrays.
/// No triple occurs twice: ``build(nodeCount:relationCount:edges:)`` removes duplicates.
public struct CSRGraph: Sendable, Equatable {
    /// Largest number of relations an edge can carry (relation ids are stored as `UInt16`).
    public static let maxRelations = Int(UInt16.max) + 1

    /// Number of nodes (entities); node ids are `0..<nodeCount`.
    public let nodeCount: Int
    /// Number of relations; relation ids are `0..<relationCount`.
    public let relationCount: Int
    /// `outOffsets[n]..<outOffsets[n+1]` indexes the out-edges of node `n`.
    public let outOffsets: [UInt32]
    /// Tail of each out-edge.
    public let outTargets: [Int32]
    /// Relation of each out-edge.
    public let outRelations: [UInt16]
    /// `inOffsets[n]..<inOffsets[n+1]` indexes the in-edges of node `n`.
    public let inOffsets: [UInt32]
    /// Head of each in-edge.
    public let inSources: [Int32]
    /// Relation of each in-edge.
    public let inRelations: [UInt16]

    /// Number of distinct triples.
    @inlinable public var edgeCount: Int { outTargets.count }

    /// An empty graph with `nodeCount` isolated nodes.
    public init(nodeCount: Int = 0, relationCount: Int = 0) {
        self.nodeCount = nodeCount
        self.relationCount = relationCount
        outOffsets = [UInt32](repeating: 0, count: nodeCount + 1)
        inOffsets = outOffsets
        outTargets = []
        outRelations = []
        inSources = []
        inRelations = []
    }

    /// Assembles a graph from its arrays, checking that they are consistent.
    public init(
        nodeCount: Int, relationCount: Int,
        outOffsets: [UInt32], outTargets: [Int32], outRelations: [UInt16],
        inOffsets: [UInt32], inSources: [Int32], inRelations: [UInt16]
    ) throws(GraphError) {
        let e = outTargets.count
        guard outOffsets.count == nodeCount + 1, inOffsets.count == nodeCount + 1,
              outRelations.count == e, inSources.count == e, inRelations.count == e,
              outOffsets.first == 0, inOffsets.first == 0,
              Int(outOffsets[nodeCount]) == e, Int(inOffsets[nodeCount]) == e
        else { throw .inconsistent("array lengths or offsets do not match the counts") }
        for n in 0..<nodeCount where outOffsets[n] > outOffsets[n + 1] || inOffsets[n] > inOffsets[n + 1] {
            throw .inconsistent("offsets decrease at node \(n)")
        }
        for i in 0..<e {
            if outTargets[i] < 0 || Int(outTargets[i]) >= nodeCount || inSources[i] < 0 || Int(inSources[i]) >= nodeCount
                || Int(outRelations[i]) >= relationCount || Int(inRelations[i]) >= relationCount {
                throw .inconsistent("edge \(i) refers to a node or relation out of range")
            }
        }
        self.nodeCount = nodeCount
        self.relationCount = relationCount
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.outRelations = outRelations
        self.inOffsets = inOffsets
        self.inSources = inSources
        self.inRelations = inRelations
    }

    /// Builds the graph from an edge list in O(edges + nodes + relations) time.
    ///
    /// Three stable counting sorts order the edges by (head, relation, tail);
    /// duplicates are then adjacent and dropped; two more give the in-edge order.
    /// Only flat `Int32`/`UInt32` arrays are allocated.
    public static func build(nodeCount: Int, relationCount: Int, edges: EdgeList) throws(GraphError) -> CSRGraph {
        guard relationCount <= maxRelations else { throw .tooManyRelations(relationCount, limit: maxRelations) }
        let e = edges.count
        guard e < Int(UInt32.max) else { throw .tooManyEdges(e) }
        for i in 0..<e {
            let h = edges.heads[i], r = edges.relations[i], t = edges.tails[i]
            if h < 0 || Int(h) >= nodeCount || t < 0 || Int(t) >= nodeCount || r < 0 || Int(r) >= relationCount {
                throw .inconsistent("edge \(i) (\(h), \(r), \(t)) is outside \(nodeCount) nodes / \(relationCount) relations")
            }
        }
        // (head, relation, tail) order: least significant key first.
        var order = Array(0..<Int32(e))
        order = countingSort(order, keys: edges.tails, keyCount: nodeCount)
        order = countingSort(order, keys: edges.relations, keyCount: relationCount)
        order = countingSort(order, keys: edges.heads, keyCount: nodeCount)

        var outOffsets = [UInt32](repeating: 0, count: nodeCount + 1)
        var heads = [Int32](); heads.reserveCapacity(e)
        var outTargets = [Int32](); outTargets.reserveCapacity(e)
        var outRelations = [UInt16](); outRelations.reserveCapacity(e)
        var ph: Int32 = -1, pr: Int32 = -1, pt: Int32 = -1
        edges.heads.withUnsafeBufferPointer { hs in
            edges.relations.withUnsafeBufferPointer { rs in
                edges.tails.withUnsafeBufferPointer { ts in
                    for idx in order {
                        let i = Int(idx)
                        let h = hs[i], r = rs[i], t = ts[i]
                        if h == ph && r == pr && t == pt { continue }
                        ph = h; pr = r; pt = t
                        heads.append(h)
                        outTargets.append(t)
                        outRelations.append(UInt16(truncatingIfNeeded: r))
                        outOffsets[Int(h) + 1] &+= 1
                    }
                }
            }
        }
        for n in 0..<nodeCount { outOffsets[n + 1] &+= outOffsets[n] }

        // In-edges: (tail, relation, head) order from the (head, …) sorted list.
        let m = outTargets.count
        let rel32 = outRelations.map { Int32($0) }
        var inOrder = Array(0..<Int32(m))
        inOrder = countingSort(inOrder, keys: rel32, keyCount: relationCount)
        inOrder = countingSort(inOrder, keys: outTargets, keyCount: nodeCount)
        var inOffsets = [UInt32](repeating: 0, count: nodeCount + 1)
        var inSources = [Int32](repeating: 0, count: m)
        var inRelations = [UInt16](repeating: 0, count: m)
        for (k, idx) in inOrder.enumerated() {
            let i = Int(idx)
            inSources[k] = heads[i]
            inRelations[k] = outRelations[i]
            inOffsets[Int(outTargets[i]) + 1] &+= 1
        }
        for n in 0..<nodeCount { inOffsets[n + 1] &+= inOffsets[n] }
        return CSRGraph(
            unchecked: nodeCount, relationCount: relationCount,
            outOffsets: outOffsets, outTargets: outTargets, outRelations: outRelations,
            inOffsets: inOffsets, inSources: inSources, inRelations: inRelations)
    }

    private init(
        unchecked nodeCount: Int, relationCount: Int,
        outOffsets: [UInt32], outTargets: [Int32], outRelations: [UInt16],
        inOffsets: [UInt32], inSources: [Int32], inRelations: [UInt16]
    ) {
        self.nodeCount = nodeCount
        self.relationCount = relationCount
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.outRelations = outRelations
        self.inOffsets = inOffsets
        self.inSources = inSources
        self.inRelations = inRelations
    }

    /// Stable counting sort of `order` by `keys[order[i]]`, keys in `0..<keyCount`.
    private static func countingSort(_ order: [Int32], keys: [Int32], keyCount: Int) -> [Int32] {
        var start = [Int](repeating: 0, count: keyCount + 1)
        var result = [Int32](repeating: 0, count: order.count)
        keys.withUnsafeBufferPointer { k in
            for i in order { start[Int(k[Int(i)]) + 1] += 1 }
            for j in 0..<keyCount { start[j + 1] += start[j] }
            result.withUnsafeMutableBufferPointer { out in
                for i in order {
                    let key = Int(k[Int(i)])
                    out[start[key]] = i
                    start[key] += 1
                }
            }
        }
        return result
    }

    /// The same edges over more nodes/relations (new ids are isolated).
    public func extended(nodeCount n: Int, relationCount r: Int) -> CSRGraph {
        precondition(n >= nodeCount && r >= relationCount)
        if n == nodeCount && r == relationCount { return self }
        var oo = outOffsets, io = inOffsets
        let e = UInt32(edgeCount)
        oo.append(contentsOf: repeatElement(e, count: n - nodeCount))
        io.append(contentsOf: repeatElement(e, count: n - nodeCount))
        return CSRGraph(
            unchecked: n, relationCount: r, outOffsets: oo, outTargets: outTargets, outRelations: outRelations,
            inOffsets: io, inSources: inSources, inRelations: inRelations)
    }

    /// Every edge as a flat list in (head, relation, tail) order.
    public func edgeList() -> EdgeList {
        var list = EdgeList()
        list.reserveCapacity(edgeCount)
        for n in 0..<nodeCount {
            for k in Int(outOffsets[n])..<Int(outOffsets[n + 1]) {
                list.append(head: Int32(n), relation: Int32(outRelations[k]), tail: outTargets[k])
            }
        }
        return list
    }

    // MARK: - Queries

    /// Number of out-edges of `node`. O(1).
    @inlinable public func outDegree(_ node: Int32) -> Int {
        Int(outOffsets[Int(node) + 1] &- outOffsets[Int(node)])
    }

    /// Number of in-edges of `node`. O(1).
    @inlinable public func inDegree(_ node: Int32) -> Int {
        Int(inOffsets[Int(node) + 1] &- inOffsets[Int(node)])
    }

    /// Index range of `node`'s out-edges in ``outTargets``/``outRelations``. O(1).
    @inlinable public func outEdgeRange(_ node: Int32) -> Range<Int> {
        Int(outOffsets[Int(node)])..<Int(outOffsets[Int(node) + 1])
    }

    /// Index range of `node`'s in-edges in ``inSources``/``inRelations``. O(1).
    @inlinable public func inEdgeRange(_ node: Int32) -> Range<Int> {
        Int(inOffsets[Int(node)])..<Int(inOffsets[Int(node) + 1])
    }

    /// Tails of `node`'s out-edges (all relations), sorted by (relation, tail). O(1).
    @inlinable public func successors(_ node: Int32) -> ArraySlice<Int32> { outTargets[outEdgeRange(node)] }

    /// Heads of `node`'s in-edges, sorted by (relation, head). O(1).
    @inlinable public func predecessors(_ node: Int32) -> ArraySlice<Int32> { inSources[inEdgeRange(node)] }

    /// Tails `t` with `(node, relation, t)` in the graph, ascending. O(log degree).
    public func successors(_ node: Int32, relation: Int32) -> ArraySlice<Int32> {
        let range = Self.run(of: relation, in: outRelations, range: outEdgeRange(node))
        return outTargets[range]
    }

    /// Heads `h` with `(h, relation, node)` in the graph, ascending. O(log degree).
    public func predecessors(_ node: Int32, relation: Int32) -> ArraySlice<Int32> {
        let range = Self.run(of: relation, in: inRelations, range: inEdgeRange(node))
        return inSources[range]
    }

    /// True when the triple is in the graph. O(log degree).
    public func contains(head: Int32, relation: Int32, tail: Int32) -> Bool {
        guard head >= 0, Int(head) < nodeCount else { return false }
        let tails = successors(head, relation: relation)
        var lo = tails.startIndex, hi = tails.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if tails[mid] < tail { lo = mid + 1 } else { hi = mid }
        }
        return lo < tails.endIndex && tails[lo] == tail
    }

    /// The sub-range of `range` whose relation equals `relation` (relations sorted within it).
    private static func run(of relation: Int32, in rels: [UInt16], range: Range<Int>) -> Range<Int> {
        guard relation >= 0, Int(relation) < maxRelations else { return range.lowerBound..<range.lowerBound }
        let r = UInt16(relation)
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if rels[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        var end = lo, top = range.upperBound
        while end < top {
            let mid = (end + top) / 2
            if rels[mid] <= r { end = mid + 1 } else { top = mid }
        }
        return lo..<end
    }

    /// Bytes held by the adjacency arrays (both directions, offsets included).
    public var memoryBytes: Int {
        (outOffsets.count + inOffsets.count) * MemoryLayout<UInt32>.stride
            + (outTargets.count + inSources.count) * MemoryLayout<Int32>.stride
            + (outRelations.count + inRelations.count) * MemoryLayout<UInt16>.stride
    }
}

/// A flat list of triples as three parallel id arrays (no per-edge objects).
public struct EdgeList: Sendable, Equatable {
    public private(set) var heads: [Int32] = []
    public private(set) var relations: [Int32] = []
    public private(set) var tails: [Int32] = []

    public init() {}

    @inlinable public var count: Int { heads.count }

    public mutating func append(head: Int32, relation: Int32, tail: Int32) {
        heads.append(head)
        relations.append(relation)
        tails.append(tail)
    }

    public mutating func append(contentsOf other: EdgeList) {
        heads.append(contentsOf: other.heads)
        relations.append(contentsOf: other.relations)
        tails.append(contentsOf: other.tails)
    }

    public mutating func reserveCapacity(_ n: Int) {
        heads.reserveCapacity(n)
        relations.reserveCapacity(n)
        tails.reserveCapacity(n)
    }
}

/// Why a graph could not be built or loaded.
public enum GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Relation ids are stored in 16 bits.
    case tooManyRelations(Int, limit: Int)
    /// Edge offsets are stored in 32 bits.
    case tooManyEdges(Int)
    /// Arrays do not describe a valid graph.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .tooManyRelations(let n, let limit):
            return "the graph would have \(n) relations; at most \(limit) are supported"
        case .tooManyEdges(let n): return "the graph would have \(n) edges; at most \(UInt32.max - 1) are supported"
        case .inconsistent(let why): return "inconsistent graph: \(why)"
        }
    }
}
