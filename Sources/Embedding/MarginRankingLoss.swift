/// Pairwise margin ranking loss: mean over negatives of max(0, m − s⁺ + s⁻)
/// (PyKEEN `MarginRankingLoss`: the positive score is repeated for each of its negatives and the
/// loss averaged over all pairs).
public struct MarginRankingLoss: TripleLoss {
    /// The margin m.
    public var margin: Float

    public init(margin: Float = 1) { self.margin = margin }

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        let inv = 1 / Float(count)
        var loss: Float = 0
        var gp: Float = 0
        for i in 0..<count {
            let v = margin - positive + negatives[i]
            if v > 0 {
                loss += v
                negativeGradients[i] = inv
                gp -= inv
            } else {
                negativeGradients[i] = 0
            }
        }
        return (loss * inv, gp)
    }
}
