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

    /// How a warm user's score splits over their training items (explanations), with the model's
    /// implicit-ALS decomposition, which the online updater reuses to fold users in.
    public let attribution: ScoreAttribution
    /// Why the ALS part is neither attributed nor folded in online although the model may have one
    /// (its configuration does not decode, or ``ImplicitALSFoldInError``); nil when all is well.
    public let vectorPartUnavailable: String?
    /// Explanation path searches over ``explanationGraph``, reused across requests.
    public let explanationSearches: ExplanationSearchPool
    /// Largest `k` whose answers are cached (0: no caching).
    public let rankingCacheDepth: Int
    /// Rendered warm answers (JSON bodies), by user, `k` ≤ ``rankingCacheDepth`` and `exclude_seen`.
    public let warmResponses: ResponseCache<WarmResponseKey>
    /// Cold-start top-k lists already ranked, by evidence vector.
    public let coldRankings: RankingCache<[Int?]>

    /// The key of a rendered warm answer.
    public struct WarmResponseKey: Hashable, Sendable {
        public var user: Int32
        public var k: Int
        public var excludeSeen: Bool
        public init(user: Int32, k: Int, excludeSeen: Bool) { self.user = user; self.k = k; self.excludeSeen = excludeSeen }
    }

    /// Why cold start is not available with this model.
    public struct ColdStartUnavailable: Error, Sendable {
        public let reason: String
        public init(reason: String) { self.reason = reason }
    }

    public init(record: ModelRecord, recommender: HybridRecommender, catalogue: StoreCatalogue,
                coldStart: Result<StoreColdStartModel, ColdStartUnavailable>, loadSeconds: Double,
                rankingCacheDepth: Int = ServingModel.defaultRankingCacheDepth) {
        self.record = record
        self.recommender = recommender
        self.catalogue = catalogue
        self.coldStart = coldStart
        self.loadSeconds = loadSeconds
        var entityItem: [Int32: Int32] = [:]
        for (item, entity) in catalogue.knowledgeGraph.itemEntity.enumerated() where entity >= 0 { entityItem[entity] = Int32(item) }
        self.entityItem = entityItem
        explanationGraph = ExplanationGraph(catalogue: catalogue)
        do {
            let configuration = try JSONDecoder().decode(HybridConfiguration.self, from: Data(record.configuration.utf8))
            attribution = ScoreAttribution(recommender: recommender, configuration: configuration)
            vectorPartUnavailable = attribution.vectorPartUnavailable.map { "\($0)" }
        } catch {
            attribution = ScoreAttribution(recommender: recommender, vectorPart: nil)
            vectorPartUnavailable = "the model's configuration does not decode: \(error)"
        }
        explanationSearches = ExplanationSearchPool(graph: explanationGraph)
        self.rankingCacheDepth = rankingCacheDepth
        // Evidence patterns are few; a few k values per user at most.
        coldRankings = RankingCache(depth: rankingCacheDepth, capacity: 1 << 14)
        warmResponses = ResponseCache(capacity: rankingCacheDepth > 0 ? min(4 * recommender.interactions.userCount, 1 << 20) : 0)
    }

    /// Items kept per cached cold-start list, and the largest `k` cached, unless the loader says otherwise.
    public static let defaultRankingCacheDepth = 100

    /// The cold-start top-`k` for `evidence` (at most the cold model's item count), through the cache.
    public func coldTopK(_ cold: StoreColdStartModel, evidence: [Int?], k: Int) throws(ColdStartError) -> [ScoredItem] {
        try coldRankings.topK(evidence, k: min(k, cold.itemCount)) { (n: Int) throws(ColdStartError) -> [ScoredItem] in
            try cold.recommend(evidence, k: min(n, cold.itemCount))
        }
    }

    /// Number of items the model ranks (a prefix of the catalogue's items).
    public var itemCount: Int { recommender.itemCount }

    /// Whether store user `id` has training items in the model.
    public func hasTrainingItems(user id: Int32) -> Bool {
        Int(id) < recommender.interactions.userCount && recommender.interactions.degree(user: Int(id)) > 0
    }
}
