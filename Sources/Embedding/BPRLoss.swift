/// Bayesian personalised ranking (Rendle et al., 2009): mean over negatives of
/// softplus(s⁻ − s⁺) = −log σ(s⁺ − s⁻). With one negative this is BPR exactly; with `k` it is
/// the mean of `k` BPR pairs sharing one positive.
public struct BPRLoss: TripleLoss {
    public init() {}

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        let inv = 1 / Float(count)
        var loss: Float = 0
        var gp: Float = 0
        for i in 0..<count {
            let d = negatives[i] - positive
            loss += Logistic.softplus(d)
            let g = Logistic.sigmoid(d) * inv
            negativeGradients[i] = g
            gp -= g
        }
        return (loss * inv, gp)
    }
}
