/// Settings of the training loop (independent of model, loss, sampler and optimiser).
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    /// Positives per mini-batch (one optimiser step per mini-batch).
    public var batchSize: Int
    /// Negatives per positive.
    public var negatives: Int
    /// Worker threads (Hogwild over disjoint mini-batches). With 1 the run is bit-for-bit reproducible.
    public var threads: Int
    /// Seed of every random choice (initialisation is seeded separately by the model).
    public var seed: UInt64
    /// Re-normalise updated entity rows to unit L2 norm after each step (TransE's constraint).
    public var normalizeEntities: Bool

    public init(batchSize: Int = 256, negatives: Int = 10, threads: Int = 1, seed: UInt64 = 42, normalizeEntities: Bool = true) {
        self.batchSize = batchSize
        self.negatives = negatives
        self.threads = threads
        self.seed = seed
        self.normalizeEntities = normalizeEntities
    }
}

/// What one epoch did.
public struct EpochSummary: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean per-positive loss over the epoch (equals PyKEEN's mean batch loss for equal batches).
    public var loss: Double
    /// Positive triples processed.
    public var positives: Int
    /// Wall-clock seconds of the epoch's training work.
    public var seconds: Double

    /// Positive triples per second.
    public var triplesPerSecond: Double { seconds > 0 ? Double(positives) / seconds : 0 }
}
