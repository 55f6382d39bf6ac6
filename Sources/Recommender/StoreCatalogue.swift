import Embedding
import KnowledgeGraph
import Store

/// Everything the recommenders read from a store, in the store's dense ids: the user and item
/// dictionaries, the knowledge graph as an ``ItemKnowledgeGraph`` (entity ids = store entity
/// ids, so vectors trained on it line up with the store's labels), item titles, user attributes
/// and the imported interactions.
///
/// Split files (the TSV layout of `kgrec dataset split`) are read against this catalogue with
/// ``dataset(trainPath:testPath:ratingThreshold:)``, so evaluations run on the store's KG.
public struct StoreCatalogue: Sendable {
    /// Users in store id order (external ids).
    public let users: LabelIndex
    /// Items in store id order (external ids).
    public let items: LabelIndex
    /// The store's graph with each item's linked entity.
    public let knowledgeGraph: ItemKnowledgeGraph
    /// The store graph itself (CSR both directions, relation inverses), for path search.
    public let graph: KnowledgeGraph
    /// Entity display labels (rdfs:label or a title), by entity id.
    public let entityLabels: [Int32: String]
    /// Each item's title (`movie_title`/`title`/`label` attribute, else its entity label), nil if none.
    public let itemTitles: [String?]
    /// All item attributes by item id and name (e.g. `class` = "Action Comedy").
    public let itemAttributes: [[String: String]]
    /// All user attributes by user id and name (e.g. `age_bucket`, `gender`, `occupation`).
    public let userAttributes: [[String: String]]
    /// Imported interactions: dense user, item, rating value (nil if none) and time (nil if none).
    public let interactionUsers: [Int32]
    public let interactionItems: [Int32]
    public let interactionValues: [Double?]
    public let interactionTimes: [Double?]

    /// Reads the catalogue from an open store.
    public static func load(from store: KGStore) throws(StoreError) -> StoreCatalogue {
        let userNames = try store.userDictionary()
        let (itemNames, itemEntity) = try store.itemDictionary()
        let graph = store.graph
        var vocabulary = TripleVocabulary()
        for e in 0..<graph.entities.count { _ = vocabulary.entityID(graph.entities.string(for: Int32(e))) }
        for r in 0..<graph.relations.count { _ = vocabulary.relationID(graph.relations.string(for: Int32(r))) }
        let csr = graph.graph
        var triples: [IndexedTriple] = []
        triples.reserveCapacity(csr.edgeCount)
        for h in 0..<csr.nodeCount {
            for k in csr.outEdgeRange(Int32(h)) {
                triples.append(IndexedTriple(head: Int32(h), relation: Int32(csr.outRelations[k]), tail: csr.outTargets[k]))
            }
        }
        var labels = [Int32: String]()
        for (e, l) in try store.entityLabels().enumerated() { if let l { labels[Int32(e)] = l } }
        var itemAttributes = [[String: String]](repeating: [:], count: itemNames.count)
        for a in try store.allItemAttributes() where Int(a.item) < itemAttributes.count { itemAttributes[Int(a.item)][a.name] = a.value }
        var userAttributes = [[String: String]](repeating: [:], count: userNames.count)
        for a in try store.allUserAttributes() where Int(a.user) < userAttributes.count { userAttributes[Int(a.user)][a.name] = a.value }
        let titles: [String?] = (0..<itemNames.count).map { i in
            let a = itemAttributes[i]
            if let t = a["movie_title"] ?? a["title"] ?? a["label"] ?? a["name"] { return t }
            let e = itemEntity[i]
            return e >= 0 ? labels[e] : nil
        }
        let inter = try store.interactions()
        return StoreCatalogue(
            users: LabelIndex(userNames.strings), items: LabelIndex(itemNames.strings),
            knowledgeGraph: ItemKnowledgeGraph(vocabulary: vocabulary, triples: triples, itemEntity: itemEntity),
            graph: graph, entityLabels: labels, itemTitles: titles, itemAttributes: itemAttributes,
            userAttributes: userAttributes, interactionUsers: inter.users, interactionItems: inter.items,
            interactionValues: inter.values, interactionTimes: inter.timestamps)
    }

    /// The imported interactions whose value is ≥ `ratingThreshold` (or that have no value) as
    /// implicit positives over all store users and items.
    public func positives(ratingThreshold: Double = 4) -> InteractionMatrix {
        var pairs: [(user: Int32, item: Int32)] = []
        pairs.reserveCapacity(interactionUsers.count)
        for k in interactionUsers.indices where (interactionValues[k] ?? .infinity) >= ratingThreshold {
            pairs.append((interactionUsers[k], interactionItems[k]))
        }
        return InteractionMatrix(userCount: users.count, itemCount: items.count, pairs: pairs)
    }

    /// Reads train/test split files (`user<TAB>item[<TAB>rating…]`, header allowed) against the
    /// store's catalogue: items must be store items (an unknown item is an error naming the line);
    /// users new to the store get ids after the store's users.
    public func dataset(trainPath: String, testPath: String?, ratingThreshold: Double = 4) throws -> RecommendationDataset {
        var u = users, it = items
        let trainPairs = try RecommendationDataset.readInteractions(trainPath, users: &u, items: &it, fixedCatalogue: true, threshold: ratingThreshold)
        guard !trainPairs.isEmpty else { throw RecommenderDataError.noInteractions(path: trainPath) }
        let testPairs = try testPath.map {
            try RecommendationDataset.readInteractions($0, users: &u, items: &it, fixedCatalogue: true, threshold: ratingThreshold)
        } ?? []
        let train = InteractionMatrix(userCount: u.count, itemCount: it.count, pairs: trainPairs)
        var test = [[Int32]](repeating: [], count: u.count)
        for p in testPairs { test[Int(p.user)].append(p.item) }
        return RecommendationDataset(users: u, items: it, train: train, test: test, knowledgeGraph: knowledgeGraph)
    }
}
