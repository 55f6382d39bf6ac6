/// Pointwise softplus loss: softplus(−y·s) with y = +1 for the positive and −1 for negatives,
/// averaged over the 1 + k scores (PyKEEN `SoftplusLoss` under sLCWA).
public struct SoftplusLoss: TripleLoss {
    public init() {}

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        let inv = 1 / Float(count + 1)
        var loss = Logistic.softplus(-positive)
        let gp = -Logistic.sigmoid(-positive) * inv
        for i in 0..<count {
            loss += Logistic.softplus(negatives[i])
            negativeGradients[i] = Logistic.sigmoid(negatives[i]) * inv
        }
        return (loss * inv, gp)
    }
}
