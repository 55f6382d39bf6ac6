/// Plain stochastic gradient descent, `w −= lr · g`; no state.
public struct SGDOptimizer: RowOptimizer {
    public let learningRate: Float

    public init(learningRate: Float) { self.learningRate = learningRate }

    public var stateBytes: Int { 0 }

    public func parameters(iteration: Int) -> Void {}

    @inline(__always)
    public func touchState(row index: Int) -> Float { 0 }

    @inline(__always)
    public func step(row index: Int, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, stride: Int, parameters: Void) {
        let lr = SIMD8<Float>(repeating: learningRate)
        var i = 0
        while i < stride {
            VectorKernels.store(VectorKernels.load(weights, i) - lr * VectorKernels.load(gradient, i), weights, i)
            i &+= 8
        }
    }
}
