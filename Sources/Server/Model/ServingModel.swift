import Foundation
import Recommender
import Store

/// Everything a request reads, loaded together and never changed afterwards: the registered
/// hybrid model, the store catalogue it ranks (ids, titles, attributes, graph) and the cold-start
/// model. A hot swap replaces the whole snapshot, so a request that took one sees one
/// consistent model from start to end.
public final class ServingModel: Sendable {
    /// The registry row of the hybrid model.
    public let record: ModelRecord
    /// The warm ranker.
    public let recommender: HybridRecommender
    /// The store's users, items, titles, attributes and graph at load time.
    public let catalogue: StoreCatalogue
    /// The cold-start model, or why there is none.
    public let coldStart: Result<StoreColdStartModel, ColdStartUnavailable>
    /// Seconds the load took.
    public let loadSeconds: Double
    /// The item linked to each graph entity that is one (entity id → item id).
    public let entityItem: [Int32: Int32]
    /// The store graph prepared for explanation path search (labels, inverses, degrees), built once.
    public let explanationGraph: ExplanationGraph

    /// Why cold start is not available with this model.
    public struct ColdStartUnavailable: Error, Sendable {
        public let reason: String
        public init(reason: String) { self.reason = reason }
    }

    public init(record: ModelRecord, recommender: HybridRecommender, catalogue: StoreCatalogue,
                coldStart: Result<StoreColdStartModel, ColdStartUnavailable>, loadSeconds: Double) {
        self.record = record
        self.recommender = recommender
        self.catalogue = catalogue
        self.coldStart = coldStart
        self.loadSeconds = loadSeconds
        var entityItem: [Int32: Int32] = [:]
        for (item, entity) in catalogue.knowledgeGraph.itemEntity.enumerated() where entity >= 0 { entityItem[entity] = Int32(item) }
        self.entityItem = entityItem
        explanationGraph = ExplanationGraph(catalogue: catalogue)
    }

    /// Number of items the model ranks (a prefix of the catalogue's items).
    public var itemCount: Int { recommender.itemCount }

    /// Whether store user `id` has training items in the model.
    public func hasTrainingItems(user id: Int32) -> Bool {
        Int(id) < recommender.interactions.userCount && recommender.interactions.degree(user: Int(id)) > 0
    }
}
