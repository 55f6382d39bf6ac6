/// Adagrad (Duchi et al., 2011) with a row-wise accumulator of squared gradients:
/// `G += g²; w −= lr · g / (√G + ε)` (PyTorch's rule with initial accumulator 0).
public final class AdagradOptimizer: RowOptimizer {
    public let learningRate: Float
    public let epsilon: Float
    /// Sum of squared gradients per coordinate (Hogwild-shared like the weights).
    public let accumulator: EmbeddingTable

    public init(rows: Int, dimension: Int, learningRate: Float, epsilon: Float = 1e-10) {
        self.learningRate = learningRate
        self.epsilon = epsilon
        accumulator = EmbeddingTable(rows: rows, dimension: dimension)
    }

    public var stateBytes: Int { accumulator.rows * accumulator.stride * 4 }

    public func parameters(iteration: Int) -> Void {}

    @inline(__always)
    public func touchState(row index: Int) -> Float { VectorKernels.touch(accumulator.row(index), stride: accumulator.stride) }

    @inline(__always)
    public func step(row index: Int, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, stride: Int, parameters: Void) {
        let acc = accumulator.row(index)
        let lr = SIMD8<Float>(repeating: learningRate), eps = SIMD8<Float>(repeating: epsilon)
        var i = 0
        while i < stride {
            let g = VectorKernels.load(gradient, i)
            let a = VectorKernels.load(acc, i) + g * g
            VectorKernels.store(a, acc, i)
            VectorKernels.store(VectorKernels.load(weights, i) - lr * g / (VectorKernels.squareRoot(a) + eps), weights, i)
            i &+= 8
        }
    }
}
