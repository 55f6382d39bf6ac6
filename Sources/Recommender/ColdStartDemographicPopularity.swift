/// The cold-start reference baselines: global popularity, and popularity within the user's
/// demographic group, smoothed toward global popularity (DemoPop):
/// score(i | g) = (n_gi + m · pop(i)) / (n_g + m), where the group g is every training user who
/// matches all KNOWN attributes of the new user (an unknown attribute does not restrict it).
/// With no attribute known, DemoPop equals popularity.
public struct ColdStartDemographicPopularity: Sendable {
    /// Attributes of each training user.
    public let evidence: [[Int?]]
    /// Positives of each training user.
    public let positives: [[Int32]]
    public let itemCount: Int
    /// m, the smoothing toward global popularity.
    public let smoothing: Double
    /// pop(i): share of training users who liked item i.
    public let popularity: [Float]

    public init(_ data: ColdStartDataset, trainingUsers: [Int32], smoothing: Double) throws(ColdStartError) {
        guard smoothing >= 0 else { throw .invalidSetting(name: "DemoPop smoothing", value: "\(smoothing)", reason: "must be ≥ 0") }
        let users = trainingUsers.filter { !data.positives[Int($0)].isEmpty }
        guard !users.isEmpty else { throw .noTrainingUsers }
        evidence = users.map { data.attributes[Int($0)] }
        positives = users.map { data.positives[Int($0)] }
        itemCount = data.itemCount
        self.smoothing = smoothing
        var pop = [Float](repeating: 0, count: data.itemCount)
        for list in positives { for i in list { pop[Int(i)] += 1 } }
        for i in pop.indices { pop[i] /= Float(users.count) }
        popularity = pop
    }

    /// DemoPop scores for a user with the given (partially known) attributes.
    public func scores(for query: [Int?]) -> [Float] {
        var counts = [Float](repeating: 0, count: itemCount)
        var groupSize = 0
        for (u, attributes) in evidence.enumerated() {
            var match = true
            for (a, s) in query.enumerated() where s != nil && attributes[a] != s { match = false; break }
            guard match else { continue }
            groupSize += 1
            for i in positives[u] { counts[Int(i)] += 1 }
        }
        let m = Float(smoothing)
        let denominator = Float(groupSize) + m
        guard denominator > 0 else { return popularity }
        for i in 0..<itemCount { counts[i] = (counts[i] + m * popularity[i]) / denominator }
        return counts
    }
}
