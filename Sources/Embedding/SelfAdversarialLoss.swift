/// Self-adversarial negative sampling loss (Sun et al., 2019, RotatE; PyKEEN `NSSALoss`):
///
///     L = −½ [ log σ(m + s⁺) + Σᵢ wᵢ · log σ(−s⁻ᵢ − m) ],   w = softmax(α · s⁻)
///
/// The weights w are treated as constants (no gradient flows through them), as in the paper.
/// For TransE, s = −distance, so `m + s⁺ = m − d⁺`.
public struct SelfAdversarialLoss: TripleLoss {
    /// The margin m (γ in the paper; PyKEEN's default is 9).
    public var margin: Float
    /// The sampling temperature α.
    public var temperature: Float

    public init(margin: Float = 9, temperature: Float = 1) {
        self.margin = margin
        self.temperature = temperature
    }

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        // Softmax weights, max-subtracted; stored temporarily in negativeGradients.
        var maxScore = -Float.infinity
        for i in 0..<count { maxScore = max(maxScore, temperature * negatives[i]) }
        var z: Float = 0
        for i in 0..<count {
            let w = expf(temperature * negatives[i] - maxScore)
            negativeGradients[i] = w
            z += w
        }
        var loss = Logistic.softplus(-(margin + positive))  // −log σ(m + s⁺)
        let gp = -0.5 * Logistic.sigmoid(-(margin + positive))
        for i in 0..<count {
            let w = negativeGradients[i] / z
            let s = negatives[i]
            loss += w * Logistic.softplus(s + margin)  // −log σ(−s − m)
            negativeGradients[i] = 0.5 * w * Logistic.sigmoid(s + margin)
        }
        return (0.5 * loss, gp)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
