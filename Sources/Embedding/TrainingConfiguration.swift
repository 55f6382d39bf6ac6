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
    /// After each mini-batch, step *every* row of both tables, rows without a gradient with a
    /// zero gradient — the semantics of PyTorch's dense optimisers, with which PyKEEN trains:
    /// Adam's momentum keeps moving rows the mini-batch did not touch (lazy updates freeze them).
    /// Costs O(rows · d) per mini-batch, so it suits small tables only; when false only touched
    /// rows are stepped (lazy/sparse updates, O(touched rows · d)). With several threads each
    /// worker steps all rows after its own mini-batches.
    public var denseUpdates: Bool

    public init(batchSize: Int = 256, negatives: Int = 10, threads: Int = 1, seed: UInt64 = 42, normalizeEntities: Bool = true,
                denseUpdates: Bool = false) {
        self.batchSize = batchSize
        self.negatives = negatives
        self.threads = threads
        self.seed = seed
        self.normalizeEntities = normalizeEntities
        self.denseUpdates = denseUpdates
    }

    private enum CodingKeys: String, CodingKey { case batchSize, negatives, threads, seed, normalizeEntities, denseUpdates }

    /// Decodes records written before `denseUpdates` existed as lazy-update runs.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        negatives = try c.decode(Int.self, forKey: .negatives)
        threads = try c.decode(Int.self, forKey: .threads)
        seed = try c.decode(UInt64.self, forKey: .seed)
        normalizeEntities = try c.decode(Bool.self, forKey: .normalizeEntities)
        denseUpdates = try c.decodeIfPresent(Bool.self, forKey: .denseUpdates) ?? false
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
