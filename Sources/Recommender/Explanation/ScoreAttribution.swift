/// Splits a warm user's hybrid score of an item over the user's training items, so that the
/// explanation paths start from the items that carry the score the user was ranked by.
///
/// The hybrid score is `matrixWeight · Σ_{i∈u} M[i, j] + embeddingWeight · (⟨u, v_j⟩ + b_j)`
/// (``HybridRecommender``). Training item `i` is credited with
/// - its item–item term `matrixWeight · M[i, j]`, exactly, and
/// - when the model has an implicit-ALS part (the default configuration gives it half the blend),
///   its share of the ALS term by the decomposition of Hu, Koren & Volinsky (2008, §5):
///   `embeddingWeight · s · c_i · ⟨W_u y_j, y_i⟩` (``ImplicitALSFoldIn/contributions(positives:target:)``).
///
/// What no single item carries is left out: the item bias (popularity penalty), a joint-embedding
/// slice when the model has one, and the small gap between the stored ALS vector and its re-solve.
/// Without the ALS decomposition an explanation of the default model would rank its start items by
/// half of the score only.
public struct ScoreAttribution: Sendable {
    /// The model explained.
    public let recommender: HybridRecommender
    /// The ALS part's decomposition, nil when the model has none (or it could not be rebuilt:
    /// see ``vectorPartUnavailable``).
    public let vectorPart: ImplicitALSFoldIn?
    /// Why the ALS part is not attributed although the configuration has one (nil otherwise).
    public let vectorPartUnavailable: ImplicitALSFoldInError?

    /// Attribution of `recommender` trained with `configuration`. A model whose ALS part cannot be
    /// rebuilt (``ImplicitALSFoldInError``) is attributed by its item–item part only, and the error
    /// is kept in ``vectorPartUnavailable``.
    public init(recommender: HybridRecommender, configuration: HybridConfiguration) {
        self.recommender = recommender
        do {
            vectorPart = try ImplicitALSFoldIn(model: recommender, configuration: configuration)
            vectorPartUnavailable = nil
        } catch {
            vectorPart = nil
            vectorPartUnavailable = error
        }
    }

    /// Attribution with an ALS decomposition already built (or none).
    public init(recommender: HybridRecommender, vectorPart: ImplicitALSFoldIn?) {
        self.recommender = recommender
        self.vectorPart = vectorPart
        vectorPartUnavailable = nil
    }

    /// The user's ranking score of `item`: the value ``HybridRecommender/scores(user:excludeSeen:into:)``
    /// gives it (seen items not excluded). To explain several items of one user, take ``scores(user:)`` once.
    public func score(user: Int, item: Int) -> Double {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: recommender.itemCount) { buffer in
            recommender.scores(user: user, excludeSeen: false, into: buffer)
            return Double(buffer[item])
        }
    }

    /// The user's ranking score of every item (seen items not excluded).
    public func scores(user: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: recommender.itemCount) { buffer, count in
            recommender.scores(user: user, excludeSeen: false, into: buffer)
            count = recommender.itemCount
        }
    }

    /// Each of the user's training items with its contribution to their score of `item`, in the
    /// order of ``InteractionMatrix/items(of:)``; empty for a user without training items.
    public func sources(user: Int, item: Int) -> [ExplanationSource] {
        sources(user: user, items: [item])[0]
    }

    /// ``sources(user:item:)`` for several items of one user, sharing the user's ALS factorisation.
    public func sources(user: Int, items targets: [Int]) -> [[ExplanationSource]] {
        let r = recommender
        guard user < r.interactions.userCount else { return targets.map { _ in [] } }
        let items = Array(r.interactions.items(of: user))
        var als: [[Double]]? = nil
        if let vectorPart, r.embeddingWeight != 0, !items.isEmpty {
            // A system that cannot be factored leaves the ALS share out rather than failing the explanation.
            als = try? vectorPart.contributions(positives: items.map { ($0, 1.0) }, targets: targets)
        }
        return targets.indices.map { t in
            items.indices.map { k in
                var c = Double(r.matrixWeight) * Double(r.matrix[Int(items[k]) * r.stride + targets[t]])
                if let als { c += Double(r.embeddingWeight) * als[t][k] }
                return ExplanationSource(item: items[k], contribution: c)
            }
        }
    }
}
