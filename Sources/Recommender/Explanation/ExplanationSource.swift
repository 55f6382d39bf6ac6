/// A starting point of explanation paths: an item the user interacted with and how much it
/// contributes to the explained item's score (for the hybrid model, `M[item, target]`: the user's
/// score of the target is the sum of these contributions over their items).
public struct ExplanationSource: Sendable, Equatable {
    /// Catalogue item id.
    public var item: Int32
    /// Its contribution to the explained item's score (may be ≤ 0; such items start no path).
    public var contribution: Double

    public init(item: Int32, contribution: Double) {
        self.item = item
        self.contribution = contribution
    }
}
