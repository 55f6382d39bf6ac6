import Foundation

/// What a user profile for taste clustering is made of.
public enum ColdStartProfile: String, Sendable, CaseIterable {
    /// Sum of the item feature rows (genres) of the user's positives.
    case features
    /// The user's positives as a 0/1 vector over the catalogue.
    case items
}

/// Settings of the cold-start taste model (chosen on the cold validation users).
public struct ColdStartSettings: Sendable, Equatable {
    /// Number of latent taste clusters.
    public var tasteClusters = 8
    /// What users are clustered on.
    public var profile = ColdStartProfile.features
    /// m in p̂(i | c) = (n_ci + m · pop(i)) / (n_c + m).
    public var itemSmoothing = 5.0
    /// β, the popularity blend weight.
    public var popularityWeight = 0.5
    /// α: each training user counts with weight |positives|^−α in pop(i) and p̂(i | c), so heavy
    /// users (who like many niche items) do not dominate the item tables; 0 = every positive
    /// counts once (plain share of users).
    public var userWeightExponent = 0.0
    /// Seed of the clustering.
    public var seed: UInt64 = 1
    /// γ, the weight of the attribute-similarity neighbours (``ColdStartAttributeKernel``) in the
    /// score; 0 = the taste network and popularity only.
    public var neighbourWeight = 1.0
    /// λ of every attribute without an entry in `attributeDecayByName`.
    public var attributeDecay = 0.3
    /// λ per attribute name; names the schema lacks are ignored.
    public var attributeDecayByName: [String: Double] = ["occupation": 0.8]
    /// α of the neighbours: each training user counts with weight |positives|^−α in the cells'
    /// item rows and masses (raises HitRate@10 at equal NDCG@10 in cross-validation).
    public var neighbourUserWeightExponent = 0.25

    public init() {}
}

/// The learned pieces of a cold-start taste model except the network: the clusters, each
/// training user's taste state and attributes (the rows the network is learned from), and the
/// item tables.
public struct ColdStartTasteData: Sendable {
    public let clusters: ColdStartTasteClusters
    /// Training users with at least one positive (dense ids), in input order.
    public let users: [Int32]
    /// Taste cluster of each of `users`.
    public let taste: [Int32]
    /// Attributes of each of `users` (nil = unknown in the users file).
    public let evidence: [[Int?]]
    /// p̂(i | c), row-major `clusters × items`.
    public let preference: [Float]
    /// pop(i): share of training users (with a positive) who liked item i.
    public let popularity: [Float]
}

/// Fits the taste clusters and item tables of a cold-start model from training users.
public enum ColdStartTrainer {
    public static func fit(_ data: ColdStartDataset, trainingUsers: [Int32], settings: ColdStartSettings) throws(ColdStartError) -> ColdStartTasteData {
        guard settings.itemSmoothing >= 0 else {
            throw .invalidSetting(name: "item smoothing", value: "\(settings.itemSmoothing)", reason: "must be ≥ 0")
        }
        let users = trainingUsers.filter { !data.positives[Int($0)].isEmpty }
        guard !users.isEmpty else { throw .noTrainingUsers }
        guard settings.userWeightExponent.isFinite, settings.userWeightExponent >= 0 else {
            throw .invalidSetting(name: "user weight exponent", value: "\(settings.userWeightExponent)", reason: "must be ≥ 0")
        }
        let itemCount = data.itemCount
        let dimension: Int
        var profiles: [Float]
        switch settings.profile {
        case .features:
            dimension = data.featureCount
            guard dimension > 0 else {
                throw .invalidSetting(name: "profile", value: "features", reason: "the items file has no feature columns")
            }
            profiles = [Float](repeating: 0, count: users.count * dimension)
            for (r, u) in users.enumerated() {
                for i in data.positives[Int(u)] {
                    for d in 0..<dimension { profiles[r * dimension + d] += data.itemFeatures[Int(i) * dimension + d] }
                }
            }
        case .items:
            dimension = itemCount
            profiles = [Float](repeating: 0, count: users.count * dimension)
            for (r, u) in users.enumerated() { for i in data.positives[Int(u)] { profiles[r * dimension + Int(i)] = 1 } }
        }
        let clusters = try ColdStartTasteClusters.fit(profiles: profiles, rows: users.count, dimension: dimension,
                                                      clusters: settings.tasteClusters, seed: settings.seed)
        let weights = users.map { Float(pow(Double(data.positives[Int($0)].count), -settings.userWeightExponent)) }
        var popularity = [Float](repeating: 0, count: itemCount)
        var counts = [Float](repeating: 0, count: clusters.count * itemCount)
        var mass = [Float](repeating: 0, count: clusters.count)
        for (r, u) in users.enumerated() {
            let c = Int(clusters.assignments[r])
            let w = weights[r]
            mass[c] += w
            for i in data.positives[Int(u)] {
                popularity[Int(i)] += w
                counts[c * itemCount + Int(i)] += w
            }
        }
        let n = weights.reduce(0, +)
        for i in 0..<itemCount { popularity[i] /= n }
        let m = Float(settings.itemSmoothing)
        var preference = counts
        for c in 0..<clusters.count {
            let denominator = mass[c] + m
            for i in 0..<itemCount {
                preference[c * itemCount + i] = denominator > 0 ? (counts[c * itemCount + i] + m * popularity[i]) / denominator : popularity[i]
            }
        }
        return ColdStartTasteData(clusters: clusters, users: users, taste: clusters.assignments,
                                  evidence: users.map { data.attributes[Int($0)] }, preference: preference, popularity: popularity)
    }
}
