import BayesNet

/// The cold-start prior of the online model: the taste-cluster model with its Bayesian network
/// over user attributes (``ColdStartTrainer``, ``ColdStartBayesNetwork``), fitted from a store's
/// user attributes, item genres and the training positives — and kept learning: a user who was
/// new to the model is added to the network's counts (one row: their attributes and the taste
/// cluster nearest to their profile) once they have enough history, and the tables are
/// re-estimated from the counts at once (the network has a few hundred parameters).
public struct OnlineColdStartPrior: Sendable {
    public let schema: ColdStartAttributeSchema
    /// Attribute states of each user (dense ids of the online model), nil where unknown.
    public private(set) var evidence: [[Int?]]
    public let taste: ColdStartTasteData
    /// Genre (feature) vectors of the items, row-major `items × featureCount`, when the profile is `features`.
    private let itemFeatures: [Float]
    private let featureCount: Int
    private let profile: ColdStartProfile
    /// Sufficient statistics of the network (training rows plus absorbed users).
    public private(set) var counts: CountTable
    public private(set) var absorbedUsers = 0
    private let equivalentSampleSize: Double
    private let popularityWeight: Float
    private var model: ColdStartModel<ColdStartVariableElimination>
    private let tasteNode: Int

    /// Fits the prior.
    /// - Parameters:
    ///   - userAttributes: per user (dense ids of `positives`), attribute name → value (a store's
    ///     `user_attributes`; users beyond the array have none).
    ///   - itemAttributes: per item, attribute name → value; `genreAttribute` holds space-separated
    ///     genres (RecBole's `class`), the profile users are clustered on. Without genres users are
    ///     clustered on their items.
    ///   - positives: the training positives (users × items).
    public init(userAttributes: [[String: String]], itemAttributes: [[String: String]], positives: InteractionMatrix,
                attributeNames: [String] = ["age_bucket", "gender", "occupation"], genreAttribute: String = "class",
                settings: ColdStartSettings = ColdStartSettings(), equivalentSampleSize: Double = 10) throws {
        let names = attributeNames.filter { n in userAttributes.contains { $0[n] != nil } }
        let states = names.map { n in Array(Set(userAttributes.compactMap { $0[n] })).sorted() }
        let schema = ColdStartAttributeSchema(names: names, states: states)
        let lookup = states.map { s in Dictionary(uniqueKeysWithValues: s.enumerated().map { ($1, $0) }) }
        let userCount = positives.userCount, itemCount = positives.itemCount
        let evidence: [[Int?]] = (0..<userCount).map { u in
            names.indices.map { a in u < userAttributes.count ? userAttributes[u][names[a]].flatMap { lookup[a][$0] } : nil }
        }
        var genreNames = Set<String>()
        for i in 0..<min(itemCount, itemAttributes.count) {
            for g in (itemAttributes[i][genreAttribute] ?? "").split(separator: " ") { genreNames.insert(String(g)) }
        }
        let genres = genreNames.sorted()
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($1, $0) })
        var features = [Float](repeating: 0, count: itemCount * genres.count)
        for i in 0..<min(itemCount, itemAttributes.count) {
            for g in (itemAttributes[i][genreAttribute] ?? "").split(separator: " ") { features[i * genres.count + genreIndex[String(g)]!] = 1 }
        }
        var s = settings
        if genres.isEmpty { s.profile = .items }
        let users = LabelIndex((0..<userCount).map { "\($0)" })
        let items = LabelIndex((0..<itemCount).map { "\($0)" })
        let data = ColdStartDataset(schema: schema, users: users, attributes: evidence, items: items, featureNames: genres,
                                    itemFeatures: features, positives: positives.itemLists)
        let taste = try ColdStartTrainer.fit(data, trainingUsers: (0..<Int32(userCount)).map { $0 }, settings: s)
        let bn = try ColdStartBayesNetwork.learn(schema: schema, taste: taste, structure: .naive, equivalentSampleSize: equivalentSampleSize)
        var counts = CountTable(structure: bn.network)
        var columns = [[Int32]](repeating: [], count: names.count + 1)
        for (r, e) in taste.evidence.enumerated() where e.allSatisfy({ $0 != nil }) {
            for (a, x) in e.enumerated() { columns[a].append(Int32(x!)) }
            columns[names.count].append(taste.taste[r])
        }
        try counts.add(DiscreteDataSet(variables: bn.network.variables, columns: columns))
        self.schema = schema
        self.evidence = evidence
        self.taste = taste
        self.itemFeatures = features
        self.featureCount = genres.count
        self.profile = s.profile
        self.counts = counts
        self.equivalentSampleSize = equivalentSampleSize
        self.popularityWeight = Float(s.popularityWeight)
        self.tasteNode = bn.tasteNode
        self.model = try ColdStartModel(inference: bn.variableElimination(), preference: taste.preference,
                                        popularity: taste.popularity, popularityWeight: Float(s.popularityWeight))
    }

    public var itemCount: Int { taste.popularity.count }

    /// Registers users added to the online model after training (no attributes known unless given).
    public mutating func addUser(attributes: [String: String] = [:]) {
        evidence.append(schema.names.indices.map { a in attributes[schema.names[a]].flatMap { schema.states[a].firstIndex(of: $0) } })
    }

    /// The prior scores of `user` over the catalogue: the taste model's scores from the user's
    /// attributes, or item popularity when none is known.
    public mutating func scores(user: Int32, into out: inout [Float]) throws {
        let e = Int(user) < evidence.count ? evidence[Int(user)] : schema.names.map { _ in nil }
        if e.allSatisfy({ $0 == nil }) {
            out = taste.popularity
            return
        }
        try model.scores(for: e, into: &out)
    }

    /// Adds `user` (with all attributes known) to the network's counts, with the taste cluster
    /// nearest to the profile of `items`. Returns whether a row was added.
    @discardableResult
    public mutating func absorb(user: Int32, items: [Int32]) throws -> Bool {
        guard Int(user) < evidence.count, !items.isEmpty else { return false }
        let e = evidence[Int(user)]
        guard e.allSatisfy({ $0 != nil }) else { return false }
        let clusters = taste.clusters
        let d = clusters.dimension
        var profile = [Float](repeating: 0, count: d)
        for i in items where Int(i) < itemCount {
            switch self.profile {
            case .features: for k in 0..<d { profile[k] += itemFeatures[Int(i) * featureCount + k] }
            case .items: profile[Int(i)] = 1
            }
        }
        var best = 0
        var bestDot = -Float.infinity
        for c in 0..<clusters.count {
            var dot: Float = 0
            for k in 0..<d { dot += profile[k] * clusters.centroids[c * d + k] }
            if dot > bestDot { bestDot = dot; best = c }
        }
        var columns = e.map { [Int32($0!)] }
        columns.append([Int32(best)])
        try counts.add(DiscreteDataSet(variables: counts.variables, columns: columns))
        absorbedUsers += 1
        try reestimate()
        return true
    }

    private mutating func reestimate() throws {
        let network = try counts.estimate(.bdeu(equivalentSampleSize: equivalentSampleSize), name: "kgrec_cold_start")
        let ve = ColdStartVariableElimination(engine: VariableElimination(network: network), tasteNode: tasteNode,
                                              attributeNodes: Array(schema.names.indices), tasteCount: taste.clusters.count)
        model = try ColdStartModel(inference: ve, preference: taste.preference, popularity: taste.popularity,
                                   popularityWeight: popularityWeight)
    }
}
