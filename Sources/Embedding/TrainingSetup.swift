/// Which loss to train with.
public enum LossKind: String, Sendable, CaseIterable, Codable {
    /// ``MarginRankingLoss``.
    case margin
    /// ``SoftplusLoss``.
    case softplus
    /// ``SelfAdversarialLoss``.
    case nssa
}

/// Which negative sampler to train with.
public enum SamplerKind: String, Sendable, CaseIterable, Codable {
    /// ``UniformNegativeSampler``.
    case uniform
    /// ``BernoulliNegativeSampler``.
    case bernoulli
}

/// A complete, serialisable description of a TransE training run: model shape, loss, sampler,
/// optimiser and loop settings. Stored beside a saved model as its training configuration.
public struct TrainingSetup: Sendable, Codable, Equatable {
    public var dimension: Int = 100
    public var distance: Distance = .l1
    public var loss: LossKind = .margin
    /// Margin of the margin-ranking and self-adversarial losses.
    public var margin: Float = 1
    /// Temperature α of the self-adversarial loss.
    public var adversarialTemperature: Float = 1
    public var sampler: SamplerKind = .uniform
    public var optimizer: OptimizerKind = .adam
    public var learningRate: Float = 0.01
    public var loop = TrainingConfiguration()

    public init() {}
}

/// A type-erased handle on one specialised ``TransETrainer`` (one dynamic call per epoch).
public protocol EpochRunner: AnyObject {
    /// The model being trained.
    var model: TransE { get }
    /// Runs one epoch.
    func runEpoch() -> EpochSummary
    /// Bytes of optimiser state (both tables).
    var optimizerStateBytes: Int { get }
}

extension TransETrainer: EpochRunner {
    public var optimizerStateBytes: Int { entityOptimizer.stateBytes + relationOptimizer.stateBytes }
}

/// Builds the trainer a ``TrainingSetup`` describes, specialised for its loss, sampler and optimiser.
public enum TransETraining {
    /// A new model initialised from `setup.loop.seed` and a trainer for it.
    public static func makeTrainer(
        setup: TrainingSetup, triples: [IndexedTriple], entityCount: Int, relationCount: Int
    ) -> any EpochRunner {
        let model = TransE(entityCount: entityCount, relationCount: relationCount, dimension: setup.dimension,
                           distance: setup.distance, seed: setup.loop.seed)
        return makeTrainer(setup: setup, model: model, triples: triples)
    }

    /// A trainer continuing from an existing model.
    public static func makeTrainer(setup: TrainingSetup, model: TransE, triples: [IndexedTriple]) -> any EpochRunner {
        switch setup.loss {
        case .margin: return withSampler(setup, model, triples, MarginRankingLoss(margin: setup.margin))
        case .softplus: return withSampler(setup, model, triples, SoftplusLoss())
        case .nssa:
            return withSampler(setup, model, triples, SelfAdversarialLoss(margin: setup.margin, temperature: setup.adversarialTemperature))
        }
    }

    private static func withSampler<L: TripleLoss>(_ setup: TrainingSetup, _ model: TransE, _ triples: [IndexedTriple], _ loss: L) -> any EpochRunner {
        switch setup.sampler {
        case .uniform:
            return withOptimizer(setup, model, triples, loss, UniformNegativeSampler(entityCount: model.entityCount))
        case .bernoulli:
            return withOptimizer(setup, model, triples, loss,
                                 BernoulliNegativeSampler(triples: triples, entityCount: model.entityCount, relationCount: model.relationCount))
        }
    }

    private static func withOptimizer<L: TripleLoss, S: NegativeSampler>(
        _ setup: TrainingSetup, _ model: TransE, _ triples: [IndexedTriple], _ loss: L, _ sampler: S
    ) -> any EpochRunner {
        let d = model.dimension, lr = setup.learningRate
        switch setup.optimizer {
        case .adam:
            return TransETrainer(
                model: model, triples: triples, loss: loss, sampler: sampler,
                entityOptimizer: AdamOptimizer(rows: model.entityCount, dimension: d, learningRate: lr),
                relationOptimizer: AdamOptimizer(rows: model.relationCount, dimension: d, learningRate: lr),
                configuration: setup.loop)
        case .adagrad:
            return TransETrainer(
                model: model, triples: triples, loss: loss, sampler: sampler,
                entityOptimizer: AdagradOptimizer(rows: model.entityCount, dimension: d, learningRate: lr),
                relationOptimizer: AdagradOptimizer(rows: model.relationCount, dimension: d, learningRate: lr),
                configuration: setup.loop)
        case .sgd:
            return TransETrainer(
                model: model, triples: triples, loss: loss, sampler: sampler,
                entityOptimizer: SGDOptimizer(learningRate: lr), relationOptimizer: SGDOptimizer(learningRate: lr),
                configuration: setup.loop)
        }
    }
}
