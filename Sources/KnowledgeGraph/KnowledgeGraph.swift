/// The knowledge graph as loaded in memory: dictionaries, CSR adjacency and
/// the inverse-relation table.
///
/// Node ids are entity ids; edge relation ids are relation ids. Literal values
/// are not part of the graph (they are labels and attributes, kept by the store).
public struct KnowledgeGraph: Sendable, Equatable {
    /// Entity identifiers (IRIs, blank-node keys or dataset tokens) ↔ node ids.
    public internal(set) var entities: Interner
    /// Relation identifiers ↔ relation ids.
    public internal(set) var relations: Interner
    /// The adjacency (always sized to `entities.count` nodes and `relations.count` relations).
    public internal(set) var graph: CSRGraph
    /// `inverse[r]` is the relation declared `owl:inverseOf` `r`, or -1.
    public internal(set) var inverse: [Int32]

    /// An empty graph.
    public init() {
        entities = Interner()
        relations = Interner()
        graph = CSRGraph()
        inverse = []
    }

    /// Assembles a graph from loaded parts, checking their sizes agree.
    public init(entities: Interner, relations: Interner, graph: CSRGraph, inverse: [Int32]) throws(GraphError) {
        guard graph.nodeCount == entities.count, graph.relationCount == relations.count,
              inverse.count == relations.count
        else {
            throw .inconsistent(
                "\(entities.count) entities, \(relations.count) relations, graph sized \(graph.nodeCount)/\(graph.relationCount), \(inverse.count) inverse entries")
        }
        for (r, inv) in inverse.enumerated() where inv < -1 || Int(inv) >= relations.count || (inv >= 0 && inverse[Int(inv)] != Int32(r)) {
            throw .inconsistent("inverse table entry \(r) → \(inv) is not symmetric")
        }
        self.entities = entities
        self.relations = relations
        self.graph = graph
        self.inverse = inverse
    }

    /// Number of distinct triples.
    @inlinable public var tripleCount: Int { graph.edgeCount }

    /// The relation declared inverse of `relation`, if any.
    public func inverse(of relation: Int32) -> Int32? {
        let v = inverse[Int(relation)]
        return v >= 0 ? v : nil
    }

    /// Number of relation pairs declared inverse of each other.
    public var inversePairCount: Int {
        var n = 0
        for (r, inv) in inverse.enumerated() where inv >= Int32(r) { n += 1 }  // each pair once; symmetric ones too
        return n
    }

    /// Triples whose reverse, under a declared inverse relation, is also present
    /// (each such fact is stored twice, once per direction).
    public func tripleCountWithInversePresent() -> Int {
        var n = 0
        for h in 0..<Int32(graph.nodeCount) {
            for k in graph.outEdgeRange(h) {
                let r = Int32(graph.outRelations[k])
                let inv = inverse[Int(r)]
                if inv >= 0 && graph.contains(head: graph.outTargets[k], relation: inv, tail: h) { n += 1 }
            }
        }
        return n
    }
}

/// Staged changes to a ``KnowledgeGraph``: new dictionary entries and edges.
///
/// Importers write into a builder that started as a copy of the stored graph;
/// nothing is visible to the store until the builder's result is committed, so
/// a failed import just drops the builder.
public struct KnowledgeGraphBuilder: Sendable {
    /// Dictionaries (copied from the base graph, then extended).
    public private(set) var entities: Interner
    public private(set) var relations: Interner
    /// Edges added since the builder was made (may repeat stored or each other).
    public private(set) var newEdges = EdgeList()
    /// Inverse table, extended as relations are added.
    public private(set) var inverse: [Int32]
    private let base: KnowledgeGraph
    /// Inverse declarations that contradict earlier ones (relation, existing, declared).
    public private(set) var inverseConflicts: [(relation: String, existing: String, declared: String)] = []

    /// A builder whose starting point is `base`.
    public init(base: KnowledgeGraph) {
        self.base = base
        entities = base.entities
        relations = base.relations
        inverse = base.inverse
    }

    /// Entities that did not exist in the base graph, in id order.
    public var newEntityRange: Range<Int> { base.entities.count..<entities.count }
    /// Relations that did not exist in the base graph, in id order.
    public var newRelationRange: Range<Int> { base.relations.count..<relations.count }

    /// The id of an entity, adding it when new.
    @discardableResult
    public mutating func entity(_ name: String) -> Int32 { entities.intern(name) }

    /// The id of a relation, adding it when new.
    @discardableResult
    public mutating func relation(_ name: String) -> Int32 {
        let id = relations.intern(name)
        if Int(id) == inverse.count { inverse.append(-1) }
        return id
    }

    /// Adds a triple (duplicates are dropped when the graph is built).
    public mutating func addEdge(head: Int32, relation: Int32, tail: Int32) {
        newEdges.append(head: head, relation: relation, tail: tail)
    }

    /// Adds a triple by names.
    public mutating func addEdge(head: String, relation: String, tail: String) {
        let h = entity(head), r = self.relation(relation), t = entity(tail)
        newEdges.append(head: h, relation: r, tail: t)
    }

    /// Records that `a` and `b` are inverse relations (`owl:inverseOf`).
    /// A relation declared its own inverse is symmetric. A declaration that
    /// contradicts an earlier one is kept out and listed in ``inverseConflicts``.
    public mutating func declareInverse(_ a: String, _ b: String) {
        let ra = relation(a), rb = relation(b)
        let ia = inverse[Int(ra)], ib = inverse[Int(rb)]
        if (ia >= 0 && ia != rb) || (ib >= 0 && ib != ra) {
            let existing = ia >= 0 && ia != rb ? relations.string(for: ia) : relations.string(for: ib)
            inverseConflicts.append((relation: ia >= 0 && ia != rb ? a : b, existing: existing, declared: ia >= 0 && ia != rb ? b : a))
            return
        }
        inverse[Int(ra)] = rb
        inverse[Int(rb)] = ra
    }

    /// True when anything would change compared with the base graph, before dedup.
    public var hasChanges: Bool {
        newEdges.count > 0 || entities.count != base.entities.count || relations.count != base.relations.count
            || inverse != base.inverse
    }

    /// The merged graph: base edges plus new ones, deduplicated, in O(all triples).
    public func build() throws(GraphError) -> KnowledgeGraph {
        let graph: CSRGraph
        if newEdges.count == 0 {
            if relations.count > CSRGraph.maxRelations {
                throw .tooManyRelations(relations.count, limit: CSRGraph.maxRelations)
            }
            graph = base.graph.extended(nodeCount: entities.count, relationCount: relations.count)
        } else {
            var all = base.graph.edgeList()
            all.append(contentsOf: newEdges)
            graph = try CSRGraph.build(nodeCount: entities.count, relationCount: relations.count, edges: all)
        }
        return try KnowledgeGraph(entities: entities, relations: relations, graph: graph, inverse: inverse)
    }
}
