/// Finds the best explanation paths from a user's items to a recommended item in the knowledge
/// graph, walking edges in both directions.
///
/// **Search.** Meet in the middle: a path of `L ≤ maxHops` edges is split into a half of
/// `⌊L/2⌋` edges grown from a start item's entity and a half of `⌈L/2⌉` edges grown from the
/// target's entity (the target gets the longer half because it is one node while the user has
/// many items). The target half-tree (depth `⌈maxHops/2⌉`) is built once and indexed by end node;
/// each start's half-tree (depth `⌊maxHops/2⌋`) is then joined on that index. Every simple path is
/// found exactly once (the split of each length is fixed); of paths through the same entities
/// under different relations only the best is returned. Nodes with degree above `hubCap` are
/// never expanded (they may still be the meeting node). Start items are visited by decreasing
/// contribution and the search stops as soon as no remaining start can beat the current N-th best
/// path (every other score term is ≤ 0), or after `maximumCandidates` candidates. All per-search
/// state lives in reusable flat buffers owned by the value, so one search allocates only the
/// paths it returns; use one value per thread.
///
/// **Score.** With `c_s` the start item's contribution to the target's score and
/// `σ_s = max(c_s, 0) / Σ_{s'} max(c_{s'}, 0)` its share of the positive contributions, a path
/// `p` from `s` has weight
///
///     w(p) = σ_s · Π_steps exp(plausibilityWeight · (−‖e_h + e_r − e_t‖)) · Π_intermediate v degree(v)^(−hubPenalty) · h(v)
///
/// (the TransE factor only when vectors are given; `h(v) = exp(−overCapPenalty)` when
/// `degree(v) > hubCap`, else 1) and `score = ln w(p)`.
///
/// **Share.** The share of the item's score that `p` accounts for is the start item's share split
/// over all paths found from that start in proportion to their weight:
/// `share(p) = σ_s · w(p) / Σ_{q from s} w(q)`. Summed over every path from every start it is the
/// fraction of the positive contributions that reach the item through the KG (≤ 1); the returned
/// top-N paths carry part of it.
public struct ExplanationPathSearch: Sendable {
    public let graph: ExplanationGraph
    public private(set) var settings: ExplanationSettings
    public let embeddings: ExplanationEmbeddings?

    // Half-tree records (struct of arrays). Target tree: `t…`; one start's tree: `s…`.
    private var tNode: [Int32] = [], tParent: [Int32] = [], tRelation: [Int32] = [], tOutward: [Bool] = []
    private var tDepth: [Int8] = [], tPartial: [Float] = [], tNext: [Int32] = []
    private var sNode: [Int32] = [], sParent: [Int32] = [], sRelation: [Int32] = [], sOutward: [Bool] = []
    private var sDepth: [Int8] = [], sPartial: [Float] = []
    /// First target record ending at each node (−1 = none), reset through `touched`.
    private var head: [Int32]
    private var touched: [Int32] = []
    private var best: [ExplanationFoundPath] = []
    /// `hubPenalty · ln(degree)` (+ `overCapPenalty` above the cap) of each node as an intermediate.
    private let nodePenalty: [Float]
    /// `plausibilityWeight · (−‖e_h + e_r − e_t‖)` of each out-edge and each in-edge (CSR order),
    /// computed once so the search never touches a vector; all zero without embeddings.
    private let outEdgeScore: [Float], inEdgeScore: [Float]

    public init(graph: ExplanationGraph, settings: ExplanationSettings = ExplanationSettings(),
                embeddings: ExplanationEmbeddings? = nil) throws(ExplanationError) {
        try settings.validate()
        if let embeddings {
            guard embeddings.entityVectors.count == graph.nodeCount * embeddings.dimension,
                  embeddings.relationVectors.count == graph.csr.relationCount * embeddings.dimension
            else {
                throw .vectorShape(expected: "\(graph.nodeCount) entities and \(graph.csr.relationCount) relations",
                                   found: "\(embeddings.entityVectors.count / embeddings.dimension) and \(embeddings.relationVectors.count / embeddings.dimension)")
            }
        }
        self.graph = graph
        self.settings = settings
        self.embeddings = embeddings
        head = [Int32](repeating: -1, count: graph.nodeCount)
        let h = Float(settings.hubPenalty), over = Float(settings.overCapPenalty)
        nodePenalty = (0..<graph.nodeCount).map { v in
            h * graph.logDegree[v] + (Int(graph.degree[v]) > settings.hubCap ? over : 0)
        }
        let csr = graph.csr
        var outScore = [Float](repeating: 0, count: csr.edgeCount), inScore = [Float](repeating: 0, count: csr.edgeCount)
        if let embeddings, settings.plausibilityWeight > 0 {
            let w = Float(settings.plausibilityWeight)
            for v in 0..<Int32(csr.nodeCount) {
                for k in csr.outEdgeRange(v) {
                    outScore[k] = w * embeddings.plausibility(head: v, relation: Int32(csr.outRelations[k]), tail: csr.outTargets[k])
                }
                for k in csr.inEdgeRange(v) {
                    inScore[k] = w * embeddings.plausibility(head: csr.inSources[k], relation: Int32(csr.inRelations[k]), tail: v)
                }
            }
        }
        outEdgeScore = outScore
        inEdgeScore = inScore
    }

    /// Changes the per-request limits (`paths`, `maxHops`) and keeps everything precomputed from
    /// the other settings, so a server can reuse one search value across requests instead of
    /// rebuilding its per-node and per-edge tables (O(nodes + edges)) for each.
    public mutating func setRequestLimits(paths: Int, maxHops: Int) throws(ExplanationError) {
        var s = settings
        s.paths = paths
        s.maxHops = maxHops
        try s.validate()
        settings = s
    }

    /// The best `settings.paths` paths from the `sources` to `target` (a catalogue item id).
    /// Unlinked items (no entity) start no path; an unlinked target yields no path.
    public mutating func search(sources: [ExplanationSource], target: Int32) -> ExplanationSearchResult {
        best.removeAll(keepingCapacity: true)
        let targetEntity = graph.itemEntity[Int(target)]
        guard targetEntity >= 0 else { return ExplanationSearchResult(paths: [], candidates: 0, sourcesSearched: 0, truncated: false) }

        // Start items: linked, positive contribution, by decreasing contribution.
        var starts: [(item: Int32, entity: Int32, sigma: Double)] = []
        starts.reserveCapacity(sources.count)
        var total = 0.0
        for s in sources where s.contribution > 0 && s.item != target {
            let e = graph.itemEntity[Int(s.item)]
            guard e >= 0, e != targetEntity else { continue }
            starts.append((s.item, e, s.contribution))
            total += s.contribution
        }
        guard total > 0 else { return ExplanationSearchResult(paths: [], candidates: 0, sourcesSearched: 0, truncated: false) }
        for k in starts.indices { starts[k].sigma /= total }
        starts.sort { $0.sigma != $1.sigma ? $0.sigma > $1.sigma : $0.item < $1.item }

        let maxHops = settings.maxHops
        buildTargetTree(root: targetEntity, depth: (maxHops + 1) / 2)
        defer { clearTargetTree() }

        let n = settings.paths
        var candidates = 0, searched = 0
        var truncated = false
        var weightSums: [Double] = []
        startLoop: for start in starts {
            let logSigma = log(start.sigma)
            if best.count == n, let worst = best.last, worst.score >= logSigma { break }
            searched += 1
            buildSourceTree(root: start.entity, depth: maxHops / 2)
            var weightSum = 0.0
            for r in 0..<sNode.count {
                let m = sNode[r]
                let ds = Int(sDepth[r])
                var t = head[Int(m)]
                while t >= 0 {
                    let tr = Int(t)
                    t = tNext[tr]
                    let dt = Int(tDepth[tr])
                    guard dt == ds || dt == ds + 1, ds + dt >= 1, ds + dt <= maxHops else { continue }
                    guard isSimple(sourceRecord: r, targetRecord: tr) else { continue }
                    candidates += 1
                    var relative = sPartial[r] + tPartial[tr]
                    if ds > 0 && dt > 0 { relative -= nodePenalty[Int(m)] }
                    let weight = exp(Double(relative))
                    weightSum += weight
                    let score = logSigma + Double(relative)
                    if best.count < n || score > best[best.count - 1].score {
                        insert(materialise(sourceRecord: r, targetRecord: tr, startItem: start.item, score: score, weight: weight))
                    }
                    if candidates >= settings.maximumCandidates { truncated = true; weightSums.append(weightSum); break startLoop }
                }
            }
            weightSums.append(weightSum)
        }
        // Shares: σ_s · w(p) / Σ_q w(q); `best[k].share` holds w(p) until here.
        var sumByItem: [Int32: (sigma: Double, sum: Double)] = [:]
        for (k, s) in weightSums.enumerated() { sumByItem[starts[k].item] = (starts[k].sigma, s) }
        for k in best.indices {
            if let e = sumByItem[best[k].startItem], e.sum > 0 { best[k].share = e.sigma * best[k].share / e.sum } else { best[k].share = 0 }
        }
        return ExplanationSearchResult(paths: best, candidates: candidates, sourcesSearched: searched, truncated: truncated)
    }

    // MARK: - Half trees

    /// Log-score of a half-path step from `parentNode` (its hub penalty unless it is the root) plus
    /// the edge's plausibility.
    @inline(__always)
    private func stepPartial(parentNode: Int32, parentIsRoot: Bool, edgeScore: Float) -> Float {
        parentIsRoot ? edgeScore : edgeScore - nodePenalty[Int(parentNode)]
    }

    private mutating func buildTargetTree(root: Int32, depth: Int) {
        tNode.removeAll(keepingCapacity: true); tParent.removeAll(keepingCapacity: true)
        tRelation.removeAll(keepingCapacity: true); tOutward.removeAll(keepingCapacity: true)
        tDepth.removeAll(keepingCapacity: true); tPartial.removeAll(keepingCapacity: true); tNext.removeAll(keepingCapacity: true)
        appendTarget(node: root, parent: -1, relation: -1, outward: true, depth: 0, partial: 0)
        let g = graph
        var level = 0..<1
        for d in 1...max(depth, 1) where depth >= 1 {
            let end = tNode.count
            for r in level {
                let v = tNode[r]
                guard r == 0 || Int(graph.degree[Int(v)]) <= settings.hubCap else { continue }
                let grand = tParent[r] >= 0 ? tNode[Int(tParent[r])] : -1
                Self.forEachNeighbour(g, outEdgeScore, inEdgeScore, of: v) { child, relation, outward, edgeScore in
                    guard child != grand, child != v else { return }
                    let partial = tPartial[r] + stepPartial(parentNode: v, parentIsRoot: r == 0, edgeScore: edgeScore)
                    appendTarget(node: child, parent: Int32(r), relation: relation, outward: outward, depth: d, partial: partial)
                }
            }
            level = end..<tNode.count
        }
    }

    private mutating func appendTarget(node: Int32, parent: Int32, relation: Int32, outward: Bool, depth: Int, partial: Float) {
        let index = Int32(tNode.count)
        tNode.append(node); tParent.append(parent); tRelation.append(relation); tOutward.append(outward)
        tDepth.append(Int8(depth)); tPartial.append(partial)
        let previous = head[Int(node)]
        if previous < 0 { touched.append(node) }
        tNext.append(previous)
        head[Int(node)] = index
    }

    private mutating func clearTargetTree() {
        for v in touched { head[Int(v)] = -1 }
        touched.removeAll(keepingCapacity: true)
    }

    private mutating func buildSourceTree(root: Int32, depth: Int) {
        sNode.removeAll(keepingCapacity: true); sParent.removeAll(keepingCapacity: true)
        sRelation.removeAll(keepingCapacity: true); sOutward.removeAll(keepingCapacity: true)
        sDepth.removeAll(keepingCapacity: true); sPartial.removeAll(keepingCapacity: true)
        sNode.append(root); sParent.append(-1); sRelation.append(-1); sOutward.append(true); sDepth.append(0); sPartial.append(0)
        guard depth >= 1 else { return }
        let g = graph
        var level = 0..<1
        for d in 1...depth {
            let end = sNode.count
            for r in level {
                let v = sNode[r]
                guard r == 0 || Int(graph.degree[Int(v)]) <= settings.hubCap else { continue }
                let grand = sParent[r] >= 0 ? sNode[Int(sParent[r])] : -1
                Self.forEachNeighbour(g, outEdgeScore, inEdgeScore, of: v) { child, relation, outward, edgeScore in
                    guard child != grand, child != v else { return }
                    let partial = sPartial[r] + stepPartial(parentNode: v, parentIsRoot: r == 0, edgeScore: edgeScore)
                    sNode.append(child); sParent.append(Int32(r)); sRelation.append(relation); sOutward.append(outward)
                    sDepth.append(Int8(d)); sPartial.append(partial)
                }
            }
            level = end..<sNode.count
        }
    }

    /// Calls `body(neighbour, relation, outward, edgeScore)` for every walkable edge at `v`;
    /// `outward` means the stored edge is `(v, relation, neighbour)`.
    @inline(__always)
    private static func forEachNeighbour(_ graph: ExplanationGraph, _ outScore: [Float], _ inScore: [Float], of v: Int32,
                                         _ body: (Int32, Int32, Bool, Float) -> Void) {
        let csr = graph.csr
        for k in csr.outEdgeRange(v) {
            let r = csr.outRelations[k]
            if graph.walkable[Int(r)] { body(csr.outTargets[k], Int32(r), true, outScore[k]) }
        }
        for k in csr.inEdgeRange(v) where !graph.redundantIn[k] {
            let r = csr.inRelations[k]
            if graph.walkable[Int(r)] { body(csr.inSources[k], Int32(r), false, inScore[k]) }
        }
    }

    /// True when the joined path visits no node twice (halves have depth ≤ 2).
    private func isSimple(sourceRecord r: Int, targetRecord t: Int) -> Bool {
        // Nodes of the source half except the meeting node, and of the target half except it.
        var a0: Int32 = -1, a1: Int32 = -1
        var p = sParent[r]
        if p >= 0 { a0 = sNode[Int(p)]; p = sParent[Int(p)]; if p >= 0 { a1 = sNode[Int(p)] } }
        var q = tParent[t]
        while q >= 0 {
            let x = tNode[Int(q)]
            if x == a0 || x == a1 { return false }
            q = tParent[Int(q)]
        }
        return true
    }

    private func materialise(sourceRecord r: Int, targetRecord t: Int, startItem: Int32, score: Double, weight: Double) -> ExplanationFoundPath {
        var nodes: [Int32] = [], relations: [Int32] = [], inverse: [Bool] = []
        // Source half, root first.
        var chain: [Int] = []
        var x = r
        while x >= 0 { chain.append(x); x = Int(sParent[x]) }
        for k in chain.reversed() {
            nodes.append(sNode[k])
            if sParent[k] >= 0 { relations.append(sRelation[k]); inverse.append(!sOutward[k]) }
        }
        // Target half, from the meeting node toward the target.
        var y = t
        while tParent[y] >= 0 {
            relations.append(tRelation[y]); inverse.append(tOutward[y])
            y = Int(tParent[y])
            nodes.append(tNode[y])
        }
        return ExplanationFoundPath(startItem: startItem, nodes: nodes, relations: relations, inverse: inverse, score: score, share: weight)
    }

    /// Inserts into `best` (sorted by decreasing score, at most `settings.paths`); earlier
    /// candidates win ties, so results are deterministic. Paths through the same entities under
    /// other relations (a film that both won and was nominated for an award) are kept once: the
    /// best variant.
    private mutating func insert(_ path: ExplanationFoundPath) {
        if let same = best.firstIndex(where: { $0.nodes == path.nodes }) {
            guard best[same].score < path.score else { return }
            best.remove(at: same)
        }
        var k = best.count
        while k > 0 && best[k - 1].score < path.score { k -= 1 }
        best.insert(path, at: k)
        if best.count > settings.paths { best.removeLast() }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
