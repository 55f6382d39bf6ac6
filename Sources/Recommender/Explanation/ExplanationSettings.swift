/// How explanation paths are searched and scored (see ``ExplanationPathSearch``).
public struct ExplanationSettings: Sendable, Codable, Equatable {
    /// Longest path in KG edges (1…4; default 3).
    public var maxHops: Int = 3
    /// Number of paths returned per (user, item).
    public var paths: Int = 5
    /// Nodes with a degree above this are never expanded (they may still be the middle node where
    /// the two search halves meet, penalised by ``hubPenalty``).
    public var hubCap: Int = 200
    /// Weight of the hub penalty: each intermediate node costs `hubPenalty · ln(degree)` in the
    /// path's log-score (1 = the path weight carries a 1/degree factor per intermediate node, like
    /// a random walk through it).
    public var hubPenalty: Double = 1
    /// Extra log-score cost of an intermediate node with degree above ``hubCap``: such hubs are
    /// also what the propagation walk ignores (its features above the same cap), so a path through
    /// one explains little of what the model used. Such paths are still returned when nothing
    /// better exists.
    public var overCapPenalty: Double = 5
    /// Weight of the TransE plausibility: each step adds `plausibilityWeight · (−‖h + r − t‖)` to
    /// the log-score when entity and relation vectors are given.
    public var plausibilityWeight: Double = 0.5
    /// Upper bound on path candidates examined per (user, item); the search stops there.
    public var maximumCandidates: Int = 200_000

    public init() {}

    /// Throws when a setting is out of range.
    public func validate() throws(ExplanationError) {
        guard (1...4).contains(maxHops) else { throw .invalidSetting(name: "max hops", value: "\(maxHops)", reason: "must lie in 1…4") }
        guard paths >= 1 else { throw .invalidSetting(name: "paths", value: "\(paths)", reason: "must be at least 1") }
        guard hubCap >= 1 else { throw .invalidSetting(name: "hub cap", value: "\(hubCap)", reason: "must be at least 1") }
        guard hubPenalty >= 0, hubPenalty.isFinite else {
            throw .invalidSetting(name: "hub penalty", value: "\(hubPenalty)", reason: "must be a finite number ≥ 0")
        }
        guard overCapPenalty >= 0, overCapPenalty.isFinite else {
            throw .invalidSetting(name: "over-cap penalty", value: "\(overCapPenalty)", reason: "must be a finite number ≥ 0")
        }
        guard plausibilityWeight >= 0, plausibilityWeight.isFinite else {
            throw .invalidSetting(name: "plausibility weight", value: "\(plausibilityWeight)", reason: "must be a finite number ≥ 0")
        }
        guard maximumCandidates >= 1 else {
            throw .invalidSetting(name: "maximum candidates", value: "\(maximumCandidates)", reason: "must be at least 1")
        }
    }
}
