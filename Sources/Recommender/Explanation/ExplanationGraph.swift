import KnowledgeGraph

/// The knowledge graph prepared for explanation path search: the store's CSR adjacency (walked
/// both ways), which relations may be walked, each node's degree, and the identifiers, labels and
/// types that an exported step carries.
///
/// - Schema relations (`rdf:type`, `rdfs:domain`, `rdfs:range`, `rdfs:subClassOf`,
///   `rdfs:subPropertyOf`, `owl:inverseOf`, …) are never walked: they connect classes and
///   properties, not the things a user cares about. `rdf:type` edges give entity types instead.
/// - A fact stored twice under a declared inverse pair (e.g. `film.film.genre` and
///   `film_genre.films_in_this_genre`) or under a symmetric relation is walked once: the in-edge
///   whose reverse is stored as an out-edge is marked redundant, so every path is found once.
/// - Degrees count walkable, non-redundant incident edges (a node's neighbourhood size).
public struct ExplanationGraph: Sendable {
    /// The adjacency (node ids = store entity ids).
    public let csr: CSRGraph
    /// `walkable[r]`: relation `r` may appear in a path.
    public let walkable: [Bool]
    /// `redundantIn[k]`: in-edge `k` (index into `csr.inSources`) restates a stored out-edge.
    public let redundantIn: [Bool]
    /// Walkable, non-redundant degree of each node.
    public let degree: [Int32]
    /// `ln(max(degree, 1))` of each node (the hub penalty's unit).
    public let logDegree: [Float]
    /// `entityItem[e]`: the catalogue item linked to entity `e`, or −1.
    public let entityItem: [Int32]
    /// `itemEntity[i]`: the entity linked to item `i`, or −1.
    public let itemEntity: [Int32]
    /// Entity identifiers as imported (IRIs, Freebase ids, tokens).
    public let entities: Interner
    /// Relation identifiers as imported.
    public let relations: Interner
    /// Declared inverse of each relation, or −1.
    public let inverse: [Int32]
    /// Display label of each relation walked forward (rdfs:label of the relation, else a label
    /// derived from its identifier).
    public let relationLabels: [String]
    /// Display label of each relation walked against its direction: the declared inverse's label,
    /// else "inverse of <label>".
    public let inverseRelationLabels: [String]
    /// Entity display labels by entity id (rdfs:label, item titles).
    public let entityLabels: [Int32: String]
    /// Item external ids, by item id.
    public let itemIdentifiers: [String]
    /// Item titles, by item id (nil = none).
    public let itemTitles: [String?]
    /// `entityTypes[e]`: the readable type of entity `e` ("item" for linked catalogue items,
    /// else the label of its `rdf:type` class, else the range/domain class of a relation it is
    /// used with as declared by the ontology, else "entity").
    public let entityTypes: [String]

    /// IRIs of the RDF/RDFS/OWL vocabulary that are never walked.
    public static let schemaRelations: Set<String> = [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#domain",
        "http://www.w3.org/2000/01/rdf-schema#range",
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
        "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
        "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
        "http://www.w3.org/2002/07/owl#inverseOf",
        "http://www.w3.org/2002/07/owl#equivalentClass",
        "http://www.w3.org/2002/07/owl#equivalentProperty",
        "http://www.w3.org/2002/07/owl#disjointWith",
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.w3.org/2002/07/owl#imports",
    ]
    static let rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    static let rdfsDomain = "http://www.w3.org/2000/01/rdf-schema#domain"
    static let rdfsRange = "http://www.w3.org/2000/01/rdf-schema#range"

    /// Prepares `graph` for path search.
    /// - Parameters:
    ///   - entityLabels: display labels by entity id (e.g. the store's `rdfs:label`s).
    ///   - itemEntity: each catalogue item's linked entity (−1 = unlinked).
    ///   - itemIdentifiers: each item's external id.
    ///   - itemTitles: each item's title, nil if none.
    public init(graph: KnowledgeGraph, entityLabels: [Int32: String], itemEntity: [Int32],
                itemIdentifiers: [String], itemTitles: [String?]) {
        precondition(itemIdentifiers.count == itemEntity.count && itemTitles.count == itemEntity.count)
        let csr = graph.graph
        let n = csr.nodeCount
        self.csr = csr
        entities = graph.entities
        relations = graph.relations
        inverse = graph.inverse
        self.entityLabels = entityLabels
        self.itemEntity = itemEntity
        self.itemIdentifiers = itemIdentifiers
        self.itemTitles = itemTitles

        let relationNames = (0..<csr.relationCount).map { graph.relations.string(for: Int32($0)) }
        let walkable = relationNames.map { !Self.schemaRelations.contains($0) }
        self.walkable = walkable

        var redundant = [Bool](repeating: false, count: csr.edgeCount)
        var degree = [Int32](repeating: 0, count: n)
        for v in 0..<n {
            let node = Int32(v)
            var d: Int32 = 0
            for k in csr.outEdgeRange(node) where walkable[Int(csr.outRelations[k])] { d += 1 }
            for k in csr.inEdgeRange(node) {
                let r = Int32(csr.inRelations[k])
                guard walkable[Int(r)] else { continue }
                let inv = graph.inverse[Int(r)]
                if inv >= 0 && csr.contains(head: node, relation: inv, tail: csr.inSources[k]) {
                    redundant[k] = true
                } else {
                    d += 1
                }
            }
            degree[v] = d
        }
        redundantIn = redundant
        self.degree = degree
        logDegree = degree.map { Float(log(Double(max($0, 1)))) }

        var entityItem = [Int32](repeating: -1, count: n)
        for (i, e) in itemEntity.enumerated() where e >= 0 && Int(e) < n && entityItem[Int(e)] < 0 { entityItem[Int(e)] = Int32(i) }
        self.entityItem = entityItem

        func labelOf(name: String) -> String? {
            graph.entities.id(of: name).flatMap { entityLabels[$0] }
        }
        let forward = relationNames.map { labelOf(name: $0) ?? Self.readableName($0) }
        relationLabels = forward
        inverseRelationLabels = (0..<csr.relationCount).map { r in
            let inv = graph.inverse[r]
            return inv >= 0 && inv != Int32(r) ? forward[Int(inv)] : (inv == Int32(r) ? forward[r] : "inverse of \(forward[r])")
        }

        // Types: rdf:type edges first, then what the ontology says relations point at.
        var types = [String](repeating: "", count: n)
        func classLabel(_ c: Int32) -> String { entityLabels[c] ?? Self.readableName(graph.entities.string(for: c)) }
        if let typeRelation = graph.relations.id(of: Self.rdfType) {
            for v in 0..<n where entityItem[v] < 0 {
                if let c = csr.successors(Int32(v), relation: typeRelation).first { types[v] = classLabel(c) }
            }
        }
        let domainRelation = graph.relations.id(of: Self.rdfsDomain)
        let rangeRelation = graph.relations.id(of: Self.rdfsRange)
        var rangeOf = [Int32](repeating: -1, count: csr.relationCount)
        var domainOf = [Int32](repeating: -1, count: csr.relationCount)
        for r in 0..<csr.relationCount {
            guard let e = graph.entities.id(of: relationNames[r]) else { continue }
            if let rr = rangeRelation, let c = csr.successors(e, relation: rr).first { rangeOf[r] = c }
            if let dr = domainRelation, let c = csr.successors(e, relation: dr).first { domainOf[r] = c }
        }
        for v in 0..<n where types[v].isEmpty {
            if entityItem[v] >= 0 { types[v] = "item"; continue }
            let node = Int32(v)
            var cls: Int32 = -1
            for k in csr.inEdgeRange(node) where rangeOf[Int(csr.inRelations[k])] >= 0 {
                cls = rangeOf[Int(csr.inRelations[k])]
                break
            }
            if cls < 0 {
                for k in csr.outEdgeRange(node) where domainOf[Int(csr.outRelations[k])] >= 0 {
                    cls = domainOf[Int(csr.outRelations[k])]
                    break
                }
            }
            types[v] = cls >= 0 ? classLabel(cls) : "entity"
        }
        entityTypes = types
    }

    /// The graph of a store catalogue.
    public init(catalogue: StoreCatalogue) {
        self.init(graph: catalogue.graph, entityLabels: catalogue.entityLabels, itemEntity: catalogue.knowledgeGraph.itemEntity,
                  itemIdentifiers: catalogue.items.labels, itemTitles: catalogue.itemTitles)
    }

    /// Number of nodes.
    public var nodeCount: Int { csr.nodeCount }

    /// The display label of entity `e`: the linked item's title, else its label, else the local
    /// name of its identifier — never a whole IRI, which a person cannot read.
    public func label(ofEntity e: Int32) -> String {
        let item = entityItem[Int(e)]
        if item >= 0, let t = itemTitles[Int(item)], !t.isEmpty { return t }
        return entityLabels[e] ?? Self.localName(entities.string(for: e))
    }

    /// The local name of an identifier: what follows its last `/` or `#`
    /// (`http://rdf.freebase.com/ns/m.01mylz` → `m.01mylz`); the identifier itself when nothing
    /// follows them or it has neither (blank nodes, plain tokens).
    public static func localName(_ identifier: String) -> String {
        guard let cut = identifier.lastIndex(where: { $0 == "/" || $0 == "#" }),
              identifier.index(after: cut) < identifier.endIndex else { return identifier }
        return String(identifier[identifier.index(after: cut)...])
    }

    /// A readable name from an identifier: the part after the last `/` or `#`, then after the last
    /// `.` (Freebase's `film.film.directed_by` → `directed by`), underscores as spaces.
    public static func readableName(_ identifier: String) -> String {
        var s = Substring(identifier)
        if let cut = s.lastIndex(where: { $0 == "/" || $0 == "#" }), s.index(after: cut) < s.endIndex { s = s[s.index(after: cut)...] }
        if let dot = s.lastIndex(of: "."), s.index(after: dot) < s.endIndex { s = s[s.index(after: dot)...] }
        return String(s.map { $0 == "_" ? " " : $0 })
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
