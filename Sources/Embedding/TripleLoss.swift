/// A loss over one positive triple's score and the scores of its `k` negatives (sLCWA training).
///
/// Each implementation returns the *per-positive* share of PyKEEN's batch loss, so that the mean
/// over a mini-batch equals PyKEEN's value for the same scores, and the gradient with respect to
/// every score. Scores follow the model's convention: higher = more plausible.
public protocol TripleLoss: Sendable {
    /// - Parameters:
    ///   - positive: score of the positive triple.
    ///   - negatives: `count` scores of its negatives.
    ///   - negativeGradients: receives ∂loss/∂negatives[i].
    /// - Returns: the loss and ∂loss/∂positive.
    func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float)
}

/// Numerically stable softplus and logistic helpers.
@usableFromInline
enum Logistic {
    /// log(1 + eˣ)
    @inline(__always) @usableFromInline
    static func softplus(_ x: Float) -> Float {
        x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
    }

    /// 1 / (1 + e⁻ˣ)
    @inline(__always) @usableFromInline
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
