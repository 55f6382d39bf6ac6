/// Early stopping on a validation metric where higher is better (e.g. MRR): stop after
/// `patience` consecutive checks without an improvement larger than `minimumDelta`.
public struct EarlyStopping: Sendable, Equatable {
    public let patience: Int
    public let minimumDelta: Double
    /// Best metric seen and the epoch it was seen at.
    public private(set) var best: (value: Double, epoch: Int)?
    private var checksWithoutImprovement = 0

    public init(patience: Int, minimumDelta: Double = 0) {
        self.patience = patience
        self.minimumDelta = minimumDelta
    }

    /// Records a check. Returns whether this value is a new best.
    public mutating func record(_ value: Double, epoch: Int) -> Bool {
        if let b = best, value <= b.value + minimumDelta {
            checksWithoutImprovement += 1
            return false
        }
        best = (value, epoch)
        checksWithoutImprovement = 0
        return true
    }

    /// True once `patience` checks in a row brought no improvement.
    public var shouldStop: Bool { checksWithoutImprovement >= patience }

    public static func == (a: EarlyStopping, b: EarlyStopping) -> Bool {
        a.patience == b.patience && a.minimumDelta == b.minimumDelta && a.best?.value == b.best?.value
            && a.best?.epoch == b.best?.epoch && a.checksWithoutImprovement == b.checksWithoutImprovement
    }
}
