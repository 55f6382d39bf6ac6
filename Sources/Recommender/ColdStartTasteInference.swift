/// Exact inference of the taste posterior P(taste | known attributes) for a cold-start model.
///
/// `evidence` holds one entry per schema attribute (schema order): its state, or nil when the
/// attribute is unknown, in which case it is marginalised out — never imputed.
public protocol ColdStartTasteInference: Sendable {
    /// Number of taste states (clusters).
    var tasteCount: Int { get }
    /// P(taste = c | evidence) for every c; sums to 1.
    mutating func tastePosterior(_ evidence: [Int?]) throws(ColdStartError) -> [Double]
}
