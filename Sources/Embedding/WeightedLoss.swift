/// Another loss scaled by a constant weight w (loss and every gradient times w): how the joint
/// trainer weighs the KG loss against the interaction loss without touching either loop.
public struct WeightedLoss<Base: TripleLoss>: TripleLoss {
    public var base: Base
    public var weight: Float

    public init(_ base: Base, weight: Float) {
        self.base = base
        self.weight = weight
    }

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        let (l, gp) = base.evaluate(positive: positive, negatives: negatives, count: count, negativeGradients: negativeGradients)
        for i in 0..<count { negativeGradients[i] *= weight }
        return (l * weight, gp * weight)
    }
}
