/// The evaluation protocols whose split files `ReferenceSplits` writes (see docs/evaluation.md).
public enum SplitProtocol: String, Sendable, CaseIterable, Codable {
    /// Per user, 20% of the positives to test.
    case warm
    /// 20% of the users held out entirely; ranked from their attributes.
    case cold
    /// Positives in time order: the first 80% train, the rest test.
    case temporal
    /// 20% of the KG-linked items held out with all their positives; users rank only those.
    case coldItem = "cold-item"
}
