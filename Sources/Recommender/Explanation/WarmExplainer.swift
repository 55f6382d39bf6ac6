/// Explains a warm user's recommendation: finds the best KG paths from the user's items to the
/// item (``ExplanationPathSearch``) and turns them into an ``ExplanationDocument``.
///
/// Model-agnostic: it takes each of the user's items' contribution to the item's score, so any
/// model whose score is a sum over the user's items (the hybrid's `Σ_i M[i, j]`, a joint
/// embedding's per-item similarity, …) can be explained.
public struct WarmExplainer: Sendable {
    public var search: ExplanationPathSearch
    public var graph: ExplanationGraph { search.graph }

    public init(search: ExplanationPathSearch) { self.search = search }

    /// The explanation of `item` for the user with external id `user`.
    /// - Parameters:
    ///   - score: the model's score of `item` for the user.
    ///   - sources: the user's items with their contribution to that score.
    public mutating func explain(user: String, item: Int32, score: Double, sources: [ExplanationSource]) -> ExplanationDocument {
        let result = search.search(sources: sources, target: item)
        return document(user: user, item: item, score: score, paths: result.paths)
    }

    /// The document for paths already found.
    public func document(user: String, item: Int32, score: Double, paths: [ExplanationFoundPath]) -> ExplanationDocument {
        let g = graph
        let exported = paths.map { p -> ExplanationPath in
            let start = Int(p.startItem)
            let first = ExplanationStep(
                relation: ExplanationDocument.interactionRelation, relationLabel: "liked", direction: "forward",
                entity: g.itemIdentifiers[start], entityType: "item",
                label: g.itemTitles[start] ?? g.itemIdentifiers[start], item: g.itemIdentifiers[start])
            return ExplanationPath(steps: [first] + Self.kgSteps(p, graph: g), score: p.score, share: p.share)
        }
        // A person reads the list top down: the path that accounts for most of the score first.
        // The search ranks by path weight; the order shown is by share, ties by weight.
        .enumerated().sorted { a, b in
            a.element.share != b.element.share ? a.element.share > b.element.share : a.offset < b.offset
        }.map(\.element)
        return ExplanationDocument(kind: "warm", user: user, attributes: nil, item: g.itemIdentifiers[Int(item)],
                                   itemLabel: g.itemTitles[Int(item)], score: score, tastes: nil, paths: exported)
    }

    /// The KG steps of a found path, labelled.
    public static func kgSteps(_ p: ExplanationFoundPath, graph g: ExplanationGraph) -> [ExplanationStep] {
        (0..<p.hops).map { k in
            let e = p.nodes[k + 1], r = p.relations[k]
            let linked = g.entityItem[Int(e)]
            return ExplanationStep(
                relation: g.relations.string(for: r),
                relationLabel: p.inverse[k] ? g.inverseRelationLabels[Int(r)] : g.relationLabels[Int(r)],
                direction: p.inverse[k] ? "inverse" : "forward",
                entity: g.entities.string(for: e), entityType: g.entityTypes[Int(e)], label: g.label(ofEntity: e),
                item: linked >= 0 ? g.itemIdentifiers[Int(linked)] : nil)
        }
    }
}
