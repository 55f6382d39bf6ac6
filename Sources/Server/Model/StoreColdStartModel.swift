import Recommender

/// A cold-start model (Bayesian taste network, ``ColdStartModel``) fitted from a store's own
/// users, attributes and interactions when the server loads, so `POST /v1/recommendations` and
/// `fallback=cold` work on any store with user attributes.
///
/// Schema: every user attribute in the store, except
/// - a numeric attribute `X` when the store also has `X_bucket` (the import's bucketing of it);
/// - a numeric attribute with more than ``maxNumericStates`` (24) distinct values is
///   cut into equal-frequency bins (as `ColdStartDataset.load` does);
/// - a categorical attribute with more than ``maxCategoricalStates`` values (identifier-like,
///   e.g. a zip code) is left out.
/// Taste clusters use the genre profile when items carry a `class`/`genre`/`genres` token list,
/// else the item profile.
///
/// This is the server's interim builder: a registered store-based cold-start model (kind
/// "coldstart") should replace it once one exists (``ServingModelLoader`` is the one place that
/// calls it).
public struct StoreColdStartModel: Sendable {
    /// Categorical attributes with more states than this are not used.
    public static let maxCategoricalStates = 64
    /// Numeric attributes with more distinct values than this are binned.
    public static let maxNumericStates = 24

    public let schema: ColdStartAttributeSchema
    /// Training users the model was fitted on (users with at least one positive).
    public let trainingUsers: Int
    private let model: ColdStartModel<ColdStartVariableElimination>

    public var itemCount: Int { model.itemCount }

    /// Fits the model on the catalogue's users, their attributes and `positives`.
    public static func fit(catalogue: StoreCatalogue, positives: InteractionMatrix,
                           settings: ColdStartSettings = ColdStartSettings()) throws -> StoreColdStartModel {
        let schema = Self.schema(catalogue.userAttributes)
        let lookup = schema.states.map { s in Dictionary(uniqueKeysWithValues: s.enumerated().map { ($1, $0) }) }
        let attributes: [[Int?]] = catalogue.userAttributes.map { row in
            schema.names.indices.map { a -> Int? in
                guard let text = row[schema.names[a]], !text.isEmpty else { return nil }
                if let bins = schema.bins[a] { return Double(text).map { bins.state(of: $0) } }
                return lookup[a][text]
            }
        }
        let userCount = catalogue.users.count
        let itemCount = positives.itemCount
        var perUser = [[Int32]](repeating: [], count: userCount)
        for u in 0..<min(userCount, positives.userCount) { perUser[u] = Array(Set(positives.items(of: u))).sorted() }
        let (featureNames, features) = Self.genreFeatures(catalogue.itemAttributes, itemCount: itemCount)
        var settings = settings
        if featureNames.isEmpty { settings.profile = .items }
        // A small store cannot have more taste clusters than users with positives.
        settings.tasteClusters = max(1, min(settings.tasteClusters, perUser.lazy.filter { !$0.isEmpty }.count))
        let data = ColdStartDataset(
            schema: schema, users: catalogue.users, attributes: attributes,
            items: LabelIndex(catalogue.items.labels.prefix(itemCount)),
            featureNames: featureNames, itemFeatures: features, positives: perUser)
        let taste = try ColdStartTrainer.fit(data, trainingUsers: (0..<Int32(userCount)).map { $0 }, settings: settings)
        let network = try ColdStartBayesNetwork.learn(schema: schema, taste: taste, structure: .naive, equivalentSampleSize: 10)
        let model = try ColdStartModel(inference: network.variableElimination(), preference: taste.preference,
                                       popularity: taste.popularity, popularityWeight: Float(settings.popularityWeight))
        return StoreColdStartModel(schema: schema, trainingUsers: taste.users.count, model: model)
    }

    /// The `k` best items for `evidence` (schema order, nil = unknown), best first.
    public func recommend(_ evidence: [Int?], k: Int) throws(ColdStartError) -> [ScoredItem] {
        var m = model  // the inference engine keeps scratch state: each request works on its own copy
        return try m.recommend(evidence, k: k)
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

    static func schema(_ users: [[String: String]]) -> ColdStartAttributeSchema {
        var values: [String: Set<String>] = [:]
        for row in users { for (name, value) in row where !value.isEmpty { values[name, default: []].insert(value) } }
        var names: [String] = [], states: [[String]] = [], bins: [ColdStartAttributeBins?] = []
        for name in values.keys.sorted() {
            let distinct = values[name]!
            let numbers = distinct.compactMap { Double($0) }.filter(\.isFinite)
            let numeric = numbers.count == distinct.count
            if numeric && values[name + "_bucket"] != nil { continue }
            if numeric && distinct.count > maxNumericStates {
                let all = users.compactMap { $0[name].flatMap(Double.init) }.filter(\.isFinite)
                let b = ColdStartAttributeBins.equalFrequency(all, count: 5)
                names.append(name); states.append(b.labels); bins.append(b)
            } else if distinct.count <= maxCategoricalStates {
                names.append(name); states.append(distinct.sorted()); bins.append(nil)
            }
        }
        return ColdStartAttributeSchema(names: names, states: states, bins: bins)
    }

    /// 0/1 genre columns from a space-separated `class`/`genre`/`genres` item attribute.
    static func genreFeatures(_ items: [[String: String]], itemCount: Int) -> (names: [String], values: [Float]) {
        let key = ["class", "genre", "genres"].first { k in items.contains { $0[k] != nil } }
        guard let key else { return ([], []) }
        var names: [String] = []
        var column: [String: Int] = [:]
        let tokens: [[Substring]] = (0..<itemCount).map { i in i < items.count ? (items[i][key] ?? "").split(separator: " ") : [] }
        for row in tokens { for t in row where column[String(t)] == nil { column[String(t)] = names.count; names.append(String(t)) } }
        var values = [Float](repeating: 0, count: itemCount * names.count)
        for (i, row) in tokens.enumerated() { for t in row { values[i * names.count + column[String(t)]!] = 1 } }
        return (names, values)
    }
}
