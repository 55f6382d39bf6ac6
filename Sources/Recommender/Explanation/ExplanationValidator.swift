/// Checks that every step of an exported explanation is a fact of the store: the first step of a
/// warm path is an interaction of that user with that item, each KG step names an edge of the
/// graph in the stated direction, consecutive steps connect (a path's first KG step leaves the
/// start item's linked entity), and the last step arrives at the explained item's entity.
public struct ExplanationValidator: Sendable {
    public let graph: ExplanationGraph
    /// Dense user ids by external id.
    public let users: LabelIndex
    /// Dense item ids by external id.
    public let items: LabelIndex
    /// Every (user, item) pair with a stored interaction, as `user << 32 | item`, sorted.
    private let interactions: [Int64]

    /// - Parameter interactions: the store's interactions as dense (user, item) pairs.
    public init(graph: ExplanationGraph, users: LabelIndex, items: LabelIndex, interactionUsers: [Int32], interactionItems: [Int32]) {
        self.graph = graph
        self.users = users
        self.items = items
        interactions = Array(Set(zip(interactionUsers, interactionItems).map { Int64($0) << 32 | Int64($1) })).sorted()
    }

    /// The validator of a store catalogue.
    public init(catalogue: StoreCatalogue, graph: ExplanationGraph) {
        self.init(graph: graph, users: catalogue.users, items: catalogue.items,
                  interactionUsers: catalogue.interactionUsers, interactionItems: catalogue.interactionItems)
    }

    /// Number of steps checked; throws at the first step that is not a store fact.
    @discardableResult
    public func validate(_ d: ExplanationDocument) throws(ExplanationError) -> Int {
        let userName = d.user ?? "(cold start)"
        func fail(_ p: Int, _ s: Int, _ reason: String) -> ExplanationError {
            .invalidStep(user: userName, item: d.item, path: p, step: s, reason: reason)
        }
        guard let target = items.id(d.item) else { throw .unknownItem(d.item) }
        let targetEntity = graph.itemEntity[Int(target)]
        var checked = 0
        for (p, path) in d.paths.enumerated() {
            var s = 0
            var previous: Int32 = -1
            if d.kind == "warm" {
                guard let name = d.user, let u = users.id(name) else { throw .unknownUser(d.user ?? "") }
                guard let first = path.steps.first, first.relation == ExplanationDocument.interactionRelation else {
                    throw fail(p, 0, "a warm path starts with a '\(ExplanationDocument.interactionRelation)' step")
                }
                guard let i = items.id(first.entity) else { throw fail(p, 0, "item '\(first.entity)' is not in the store") }
                guard hasInteraction(user: u, item: i) else { throw fail(p, 0, "user '\(name)' has no interaction with item '\(first.entity)'") }
                previous = graph.itemEntity[Int(i)]
                guard previous >= 0 else { throw fail(p, 0, "item '\(first.entity)' has no KG entity") }
                s = 1
            } else {
                guard path.steps.count >= 2, path.steps[0].relation == ExplanationDocument.tasteRelation,
                      path.steps[1].relation == ExplanationDocument.tasteLikedRelation
                else { throw fail(p, 0, "a cold-start path starts with taste and taste-liked steps") }
                guard let i = items.id(path.steps[1].entity) else { throw fail(p, 1, "item '\(path.steps[1].entity)' is not in the store") }
                previous = graph.itemEntity[Int(i)]
                guard previous >= 0 else { throw fail(p, 1, "item '\(path.steps[1].entity)' has no KG entity") }
                s = 2
            }
            checked += s
            while s < path.steps.count {
                let step = path.steps[s]
                guard let r = graph.relations.id(of: step.relation) else { throw fail(p, s, "relation '\(step.relation)' is not in the store") }
                guard let e = graph.entities.id(of: step.entity) else { throw fail(p, s, "entity '\(step.entity)' is not in the store") }
                let present: Bool
                switch step.direction {
                case "forward": present = graph.csr.contains(head: previous, relation: r, tail: e)
                case "inverse": present = graph.csr.contains(head: e, relation: r, tail: previous)
                default: throw fail(p, s, "direction '\(step.direction)'")
                }
                guard present else {
                    let (h, t) = step.direction == "forward" ? (previous, e) : (e, previous)
                    throw fail(p, s, "(\(graph.entities.string(for: h)), \(step.relation), \(graph.entities.string(for: t))) is not an edge of the store")
                }
                previous = e
                s += 1
                checked += 1
            }
            guard previous == targetEntity else { throw fail(p, path.steps.count - 1, "the path does not end at the item's entity") }
        }
        return checked
    }

    private func hasInteraction(user: Int32, item: Int32) -> Bool {
        let key = Int64(user) << 32 | Int64(item)
        var lo = 0, hi = interactions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if interactions[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < interactions.count && interactions[lo] == key
    }
}
