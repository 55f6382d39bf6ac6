/// Adam (Kingma & Ba, 2015) with lazy, row-wise state (PyTorch's `SparseAdam`, TensorFlow's
/// `LazyAdam`): a row's moments change only in steps where it received a gradient; the bias
/// correction uses the global step number `t` (the mini-batch count). Update, as in PyTorch:
/// `w −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)`.
///
/// State layout: one row of `2·stride` floats per table row, first moment then second moment,
/// so both are fetched from one contiguous region.
public final class AdamOptimizer: RowOptimizer {
    public let learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// `[m | v]` per row (Hogwild-shared like the weights).
    public let moments: EmbeddingTable
    private let stride: Int

    public init(rows: Int, dimension: Int, learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        stride = EmbeddingTable.paddedStride(dimension)
        moments = EmbeddingTable(rows: rows, dimension: 2 * stride)
    }

    public var stateBytes: Int { moments.rows * moments.stride * 4 }

    public struct StepParameters {
        let stepSize: Float
        let inverseSqrtCorrection2: Float
    }

    public func parameters(iteration: Int) -> StepParameters {
        let t = Double(iteration)
        let bc1 = 1 - pow(Double(beta1), t)
        let bc2 = 1 - pow(Double(beta2), t)
        return StepParameters(stepSize: Float(Double(learningRate) / bc1), inverseSqrtCorrection2: Float(1 / bc2.squareRoot()))
    }

    @inline(__always)
    public func touchState(row index: Int) -> Float { VectorKernels.touch(moments.row(index), stride: moments.stride) }

    @inline(__always)
    public func step(row index: Int, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, stride: Int, parameters: StepParameters) {
        let stepSize = SIMD8<Float>(repeating: parameters.stepSize)
        let invSqrtBc2 = SIMD8<Float>(repeating: parameters.inverseSqrtCorrection2)
        let b1 = SIMD8<Float>(repeating: beta1), ob1 = SIMD8<Float>(repeating: 1 - beta1)
        let b2 = SIMD8<Float>(repeating: beta2), ob2 = SIMD8<Float>(repeating: 1 - beta2)
        let eps = SIMD8<Float>(repeating: epsilon)
        let m = moments.row(index)
        let v = m + stride
        var i = 0
        while i < stride {
            let g = VectorKernels.load(gradient, i)
            let mi = b1 * VectorKernels.load(m, i) + ob1 * g
            let vi = b2 * VectorKernels.load(v, i) + ob2 * g * g
            VectorKernels.store(mi, m, i)
            VectorKernels.store(vi, v, i)
            let denom = VectorKernels.squareRoot(vi) * invSqrtBc2 + eps
            VectorKernels.store(VectorKernels.load(weights, i) - stepSize * mi / denom, weights, i)
            i &+= 8
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
