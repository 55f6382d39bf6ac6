import Foundation
import Recommender
import Store

/// Loads the latest registered hybrid model of a store with the store's catalogue and fits the
/// cold-start model, producing a ``ServingModel``.
public struct ServingModelLoader: Sendable {
    /// The registry kind served.
    public static let kind = "hybrid"
    /// The store directory.
    public let storePath: String
    /// Interactions rated at least this are cold-start positives (as in training).
    public let ratingThreshold: Double
    /// Items kept per cached ranked list (0: no cache; see ``RankingCache``).
    public let rankingCacheDepth: Int

    public init(storePath: String, ratingThreshold: Double = 4, rankingCacheDepth: Int = ServingModel.defaultRankingCacheDepth) {
        self.storePath = storePath
        self.ratingThreshold = ratingThreshold
        self.rankingCacheDepth = rankingCacheDepth
    }

    /// Opens the store and loads its latest hybrid model. Blocking (file reads and fitting):
    /// call it off the request path.
    public func loadLatest() throws(ModelLoadError) -> ServingModel {
        let clock = ContinuousClock()
        let start = clock.now
        let store: KGStore
        let record: ModelRecord
        let catalogue: StoreCatalogue
        do {
            store = try KGStore.open(at: storePath, create: false)
            guard let latest = try store.latestModel(kind: Self.kind) else { throw ModelLoadError.noModel(store: storePath, kind: Self.kind) }
            record = latest
            catalogue = try StoreCatalogue.load(from: store)
        } catch let e as ModelLoadError {
            throw e
        } catch let e as StoreError {
            throw .store(e)
        } catch {
            throw .store(.io(path: storePath, message: "\(error)"))
        }
        let recommender: HybridRecommender
        do { recommender = try HybridModelFile.load(directory: store.modelDirectory(id: record.id)) } catch { throw .modelFile(error) }
        guard recommender.itemCount <= catalogue.items.count else {
            throw .mismatch(store: storePath, modelID: record.id,
                            reason: "it ranks \(recommender.itemCount) items, the store has \(catalogue.items.count)")
        }
        guard recommender.interactions.userCount <= catalogue.users.count else {
            throw .mismatch(store: storePath, modelID: record.id,
                            reason: "it knows \(recommender.interactions.userCount) users, the store has \(catalogue.users.count)")
        }
        let coldStart: Result<StoreColdStartModel, ServingModel.ColdStartUnavailable>
        do {
            let positives = Self.prefix(catalogue.positives(ratingThreshold: ratingThreshold), items: recommender.itemCount)
            coldStart = .success(try StoreColdStartModel.fit(catalogue: catalogue, positives: positives))
        } catch {
            coldStart = .failure(.init(reason: "the cold-start model could not be fitted from the store: \(error)"))
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return ServingModel(record: record, recommender: recommender, catalogue: catalogue, coldStart: coldStart, loadSeconds: seconds,
                            rankingCacheDepth: rankingCacheDepth)
    }

    /// `m` restricted to the first `items` items (the ones the model ranks).
    private static func prefix(_ m: InteractionMatrix, items: Int) -> InteractionMatrix {
        guard m.itemCount > items else { return m }
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<m.userCount { for i in m.items(of: u) where Int(i) < items { pairs.append((Int32(u), i)) } }
        return InteractionMatrix(userCount: m.userCount, itemCount: items, pairs: pairs)
    }
}
