/// The answer to an exact inference query.
public struct InferenceResult: Sendable {
    /// Network indices of the query targets.
    public var targets: [Int]
    /// `marginals[t][s]` = P(targets[t] = s | evidence), each summing to 1.
    public var marginals: [[Double]]
    /// P(evidence) (1 when there is no evidence).
    public var probabilityOfEvidence: Double

    public init(targets: [Int], marginals: [[Double]], probabilityOfEvidence: Double) {
        self.targets = targets
        self.marginals = marginals
        self.probabilityOfEvidence = probabilityOfEvidence
    }
}
