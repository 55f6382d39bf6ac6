import RDF

/// RDF graph isomorphism up to blank-node renaming (RDF 1.1 Concepts §3.6).
///
/// Graphs are sets of triples: duplicates are ignored. Triples without blank
/// nodes must match exactly. Blank nodes are first partitioned by iterative
/// colour refinement (each node's colour is repeatedly replaced by a hash of
/// its colour and the sorted signatures of its edges: direction, predicate,
/// and the neighbour's colour or ground term); the graphs can only be
/// isomorphic if the colour classes match in size. A backtracking search then
/// maps blank nodes of the first graph onto same-coloured nodes of the
/// second, checking every triple whose blank nodes are all mapped as soon as
/// possible. A complete mapping is a bijection under which every triple of
/// one graph is a triple of the other — an actual isomorphism, so hash
/// collisions can only slow the search, never produce a wrong answer.
public enum GraphIsomorphism {
    /// True when `a` and `b` denote the same RDF graph up to blank-node renaming.
    public static func isIsomorphic(_ a: [Triple], _ b: [Triple]) -> Bool {
        let setA = Set(a), setB = Set(b)
        guard setA.count == setB.count else { return false }
        let groundA = setA.filter { !$0.subject.isBlank && !$0.object.isBlank }
        let groundB = setB.filter { !$0.subject.isBlank && !$0.object.isBlank }
        guard groundA == groundB else { return false }

        let ga = BlankGraph(setA.filter { $0.subject.isBlank || $0.object.isBlank })
        let gb = BlankGraph(setB.filter { $0.subject.isBlank || $0.object.isBlank })
        guard ga.labels.count == gb.labels.count, ga.triples.count == gb.triples.count else { return false }
        if ga.labels.isEmpty { return true }

        let (colourA, colourB) = refineColours(ga, gb)
        guard colourA.sorted() == colourB.sorted() else { return false }
        return search(ga, gb, colourA, colourB, setB)
    }

    /// Parses an N-Triples file into an array (for tests).
    public static func parseNTriples(_ path: String) throws -> [Triple] {
        var sink = CollectingSink()
        try NTriplesParser().parse(fileAt: path, into: &sink)
        return sink.triples
    }

    // MARK: - Internals

    /// A node of a triple: a ground term or the index of a blank node.
    enum Node: Hashable {
        case ground(Term)
        case blank(Int)
    }

    /// The triples that mention blank nodes, with blank nodes numbered 0..<n.
    struct BlankGraph {
        var labels: [String] = []
        var triples: [(s: Node, p: String, o: Node)] = []
        /// For each blank node, the indices of the triples that mention it.
        var incident: [[Int]] = []

        init(_ triples: Set<Triple>) {
            var index: [String: Int] = [:]
            func node(_ t: Term) -> Node {
                guard case .blank(let label) = t else { return .ground(t) }
                if let i = index[label] { return .blank(i) }
                let i = labels.count
                index[label] = i
                labels.append(label)
                incident.append([])
                return .blank(i)
            }
            // Sorted so that the numbering (and thus the search order) is deterministic.
            for t in triples.sorted(by: { NTriplesWriter.serialize($0) < NTriplesWriter.serialize($1) }) {
                let s = node(t.subject), o = node(t.object)
                let k = self.triples.count
                self.triples.append((s, t.predicate, o))
                if case .blank(let i) = s { incident[i].append(k) }
                if case .blank(let j) = o, s != o { incident[j].append(k) }
            }
        }

        func term(_ n: Node) -> Term {
            switch n {
            case .ground(let t): return t
            case .blank(let i): return .blank(labels[i])
            }
        }
    }

    /// Refines both graphs' colourings together until the partitions stop splitting.
    static func refineColours(_ ga: BlankGraph, _ gb: BlankGraph) -> ([Int], [Int]) {
        var ca = [Int](repeating: 0, count: ga.labels.count)
        var cb = [Int](repeating: 0, count: gb.labels.count)
        var classes = 1
        for _ in 0...(ga.labels.count) {
            let na = step(ga, ca), nb = step(gb, cb)
            let newClasses = Set(na).count
            ca = na
            cb = nb
            if newClasses == classes { break }
            classes = newClasses
        }
        return (ca, cb)
    }

    private static func step(_ g: BlankGraph, _ colour: [Int]) -> [Int] {
        func value(_ n: Node, hasher: inout Hasher) {
            switch n {
            case .ground(let t): hasher.combine(0); hasher.combine(t)
            case .blank(let i): hasher.combine(1); hasher.combine(colour[i])
            }
        }
        var result = [Int](repeating: 0, count: colour.count)
        for i in 0..<colour.count {
            var signatures: [Int] = []
            signatures.reserveCapacity(g.incident[i].count)
            for k in g.incident[i] {
                let t = g.triples[k]
                var h = Hasher()
                h.combine(t.p)
                if t.s == .blank(i) && t.o == .blank(i) {
                    h.combine(2)
                } else if t.s == .blank(i) {
                    h.combine(0)
                    value(t.o, hasher: &h)
                } else {
                    h.combine(1)
                    value(t.s, hasher: &h)
                }
                signatures.append(h.finalize())
            }
            signatures.sort()
            var h = Hasher()
            h.combine(colour[i])
            h.combine(signatures)
            result[i] = h.finalize()
        }
        return result
    }

    /// Backtracking search for a colour-preserving bijection that maps every triple of `ga` into `setB`.
    static func search(_ ga: BlankGraph, _ gb: BlankGraph, _ ca: [Int], _ cb: [Int], _ setB: Set<Triple>) -> Bool {
        let n = ga.labels.count
        var byColour: [Int: [Int]] = [:]
        for j in 0..<n { byColour[cb[j], default: []].append(j) }
        // Smallest colour classes first: singletons are forced and prune the rest.
        let order = (0..<n).sorted { (byColour[ca[$0]]!.count, $0) < (byColour[ca[$1]]!.count, $1) }

        var mapping = [Int](repeating: -1, count: n)
        var used = [Bool](repeating: false, count: n)
        var next = [Int](repeating: 0, count: n)

        func mapped(_ node: Node) -> Term? {
            switch node {
            case .ground(let t): return t
            case .blank(let i): return mapping[i] >= 0 ? .blank(gb.labels[mapping[i]]) : nil
            }
        }
        func consistent(_ i: Int) -> Bool {
            for k in ga.incident[i] {
                let t = ga.triples[k]
                guard let s = mapped(t.s), let o = mapped(t.o) else { continue }
                if !setB.contains(Triple(s, t.p, o)) { return false }
            }
            return true
        }

        var depth = 0
        while depth >= 0 {
            if depth == n { return true }
            let i = order[depth]
            if mapping[i] >= 0 {
                used[mapping[i]] = false
                mapping[i] = -1
            }
            let candidates = byColour[ca[i]]!
            var advanced = false
            while next[depth] < candidates.count {
                let j = candidates[next[depth]]
                next[depth] += 1
                if used[j] { continue }
                mapping[i] = j
                used[j] = true
                if consistent(i) {
                    advanced = true
                    break
                }
                used[j] = false
                mapping[i] = -1
            }
            if advanced {
                depth += 1
                if depth < n { next[depth] = 0 }
            } else {
                next[depth] = 0
                depth -= 1
            }
        }
        return false
    }
}
