/// Sampled softmax cross-entropy: −log( e^{s⁺/τ} / (e^{s⁺/τ} + Σ e^{s⁻/τ}) ) over the positive and
/// its `k` sampled negatives, at temperature τ. With many negatives it approximates the full
/// softmax over the catalogue, which ranks better than pairwise BPR on top-k metrics.
public struct SampledSoftmaxLoss: TripleLoss {
    /// Temperature τ (> 0).
    public var temperature: Float

    public init(temperature: Float = 1) {
        precondition(temperature > 0)
        self.temperature = temperature
    }

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        let inv = 1 / temperature
        var top = positive * inv
        for i in 0..<count { top = max(top, negatives[i] * inv) }
        let ep = expf(positive * inv - top)
        var z = ep
        for i in 0..<count {
            let e = expf(negatives[i] * inv - top)
            negativeGradients[i] = e
            z += e
        }
        let scale = inv / z
        for i in 0..<count { negativeGradients[i] *= scale }
        let loss = -(positive * inv - top - logf(z))
        return (loss, (ep / z - 1) * inv)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
