import Recommender

/// A cold-start model (Bayesian taste network, ``ColdStartModel``) fitted from a store's own
/// users, attributes and interactions when the server loads, so `POST /v1/recommendations` and
/// `fallback=cold` work on any store with user attributes.
///
/// The data are the store's cold-start data set (`ColdStartDataset(catalogue:)`: its rules pick
/// the attributes, bin numeric ones and choose the item features), with the served model's
/// training positives: a naive-Bayes taste network (variable elimination) blended with the
/// attribute-cell network (``ColdStartAttributeKernel``), with the CLI's default settings.
///
/// This is the server's interim builder: a registered store-based cold-start model (kind
/// "coldstart") should replace it once one exists (``ServingModelLoader`` is the one place that
/// calls it).
public struct StoreColdStartModel: Sendable {
    public let schema: ColdStartAttributeSchema
    /// Training users the model was fitted on (users with at least one positive).
    public let trainingUsers: Int
    private let model: ColdStartModel<ColdStartVariableElimination>

    public var itemCount: Int { model.itemCount }

    /// Fits the model on the catalogue's users, their attributes and `positives`.
    public static func fit(catalogue: StoreCatalogue, positives: InteractionMatrix,
                           settings: ColdStartSettings = ColdStartSettings()) throws -> StoreColdStartModel {
        let store = try ColdStartDataset(catalogue: catalogue)
        let userCount = catalogue.users.count
        var perUser = [[Int32]](repeating: [], count: userCount)
        for u in 0..<min(userCount, positives.userCount) { perUser[u] = Array(Set(positives.items(of: u))).sorted() }
        var settings = settings
        if store.featureNames.isEmpty { settings.profile = .items }
        // A small store cannot have more taste clusters than users with positives.
        settings.tasteClusters = max(1, min(settings.tasteClusters, perUser.lazy.filter { !$0.isEmpty }.count))
        let data = ColdStartDataset(
            schema: store.schema, users: store.users, attributes: store.attributes, items: store.items,
            featureNames: store.featureNames, itemFeatures: store.itemFeatures, positives: perUser, itemTitles: store.itemTitles)
        let schema = data.schema
        let taste = try ColdStartTrainer.fit(data, trainingUsers: (0..<Int32(userCount)).map { $0 }, settings: settings)
        let network = try ColdStartBayesNetwork.learn(schema: schema, taste: taste, structure: .naive, equivalentSampleSize: 10)
        // The attribute-cell network (the CLI's default cold-start model, chosen by cross-validation)
        // blended with the taste network as `settings.neighbourWeight` says.
        let cells = settings.neighbourWeight > 0 ? try ColdStartAttributeKernel(data, trainingUsers: taste.users, settings: settings) : nil
        let model = try ColdStartModel(inference: network.variableElimination(), preference: taste.preference,
                                       popularity: taste.popularity, popularityWeight: Float(settings.popularityWeight),
                                       neighbours: cells, neighbourWeight: Float(settings.neighbourWeight))
        return StoreColdStartModel(schema: schema, trainingUsers: taste.users.count, model: model)
    }

    /// The `k` best items for `evidence` (schema order, nil = unknown), best first.
    public func recommend(_ evidence: [Int?], k: Int) throws(ColdStartError) -> [ScoredItem] {
        var m = model  // the inference engine keeps scratch state: each request works on its own copy
        return try m.recommend(evidence, k: k)
    }

    /// Why each of `items` scores what it does for `evidence`: the `cells` attribute cells
    /// contributing most, and the taste network's share (see ``ColdStartModel/ScoreBreakdown``).
    public func breakdowns(_ evidence: [Int?], items: [Int32], cells: Int) throws(ColdStartError) -> [ColdStartModel<ColdStartVariableElimination>.ScoreBreakdown] {
        var m = model  // scratch state, as in recommend
        return try m.breakdowns(evidence, items: items.map { Int($0) }, cells: cells)
    }

    /// The evidence vector of a stored user's attributes (unknown or unusable values are nil).
    public func evidence(storedAttributes: [String: String]) -> [Int?] {
        schema.names.indices.map { a in
            guard let text = storedAttributes[schema.names[a]] else { return nil }
            if let s = schema.states[a].firstIndex(of: text) { return s }
            if let bins = schema.bins[a], let x = Double(text), x.isFinite { return bins.state(of: x) }
            return nil
        }
    }
}
