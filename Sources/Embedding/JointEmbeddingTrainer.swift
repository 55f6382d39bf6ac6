/// Mean losses and timing of one joint epoch.
public struct JointEpochSummary: Sendable, Equatable {
    public var interactions: EpochSummary
    /// Nil when the KG weight is 0.
    public var knowledgeGraph: EpochSummary?
}

/// Joint training of KG embeddings and user–item interactions in one vector space (CKE/KTUP
/// style): a ``TransETrainer`` on the KG triples and an ``InteractionTrainer`` on the positives,
/// where every item's vector *is* its linked entity's row of the TransE entity table (items
/// without a KG entity get rows of their own after the entities). Users get a table of their own.
///
/// One epoch = one pass over the interactions, then one pass over the KG triples. Both parts are
/// the ordinary trainers: losses, samplers and optimisers are the same swappable pieces as in
/// KG-only training (the KG part is built by ``TransETraining`` from `setup.kg`). The KG weight w
/// scales the KG part's learning rate: Adam divides by the gradient's running magnitude, so
/// scaling the loss itself would change almost nothing; scaling the step is what a loss weight
/// means under SGD.
public final class JointEmbeddingTrainer {
    public let setup: JointTrainingSetup
    /// Entity (and item) vectors, relation vectors.
    public let model: TransE
    /// User vectors.
    public let users: EmbeddingTable
    /// `itemRows[item]`: the item's row in `model.entities`.
    public let itemRows: [Int32]
    private let interactionTrainer: InteractionTrainer<AnyInteractionLoss, AdamOptimizer>
    private let kgTrainer: (any EpochRunner)?

    /// - Parameters:
    ///   - triples: KG triples over entities `0..<entityCount`.
    ///   - itemEntity: per item, its entity id or −1.
    ///   - pairs: training positives (dense user and item ids).
    public init(
        setup: JointTrainingSetup, triples: [IndexedTriple], entityCount: Int, relationCount: Int,
        itemEntity: [Int32], userCount: Int, pairs: [UserItemPair]
    ) {
        self.setup = setup
        var rows = [Int32](repeating: 0, count: itemEntity.count)
        var extra = 0
        for (i, e) in itemEntity.enumerated() {
            if e >= 0 { rows[i] = e } else { rows[i] = Int32(entityCount + extra); extra += 1 }
        }
        itemRows = rows
        let d = setup.kg.dimension
        model = TransE(entityCount: entityCount + extra, relationCount: max(relationCount, 1), dimension: d,
                       distance: setup.kg.distance, seed: setup.kg.loop.seed)
        users = EmbeddingTable(rows: userCount, dimension: d)
        var rng = Xoshiro256StarStar(seed: setup.kg.loop.seed, stream: 0x5553_4552)
        users.fillUniform(bound: 0.1, using: &rng)
        let loss: AnyInteractionLoss = setup.interactionLoss == .bpr
            ? .bpr(BPRLoss()) : .softmax(SampledSoftmaxLoss(temperature: setup.temperature))
        interactionTrainer = InteractionTrainer(
            users: users, items: model.entities, itemRows: rows, pairs: pairs, loss: loss,
            userOptimizer: AdamOptimizer(rows: userCount, dimension: d, learningRate: setup.interactionLearningRate),
            itemOptimizer: AdamOptimizer(rows: model.entityCount, dimension: d, learningRate: setup.interactionLearningRate),
            negatives: setup.interactionNegatives, l2: setup.l2, normalizeItems: setup.normalizeItems,
            biasLearningRate: setup.biasLearningRate, seed: setup.kg.loop.seed)
        if setup.kgWeight > 0 && !triples.isEmpty {
            kgTrainer = Self.makeKGTrainer(setup: setup, model: model, triples: triples)
        } else {
            kgTrainer = nil
        }
    }

    /// Per-item score biases of the interaction part.
    public var itemBias: [Float] { interactionTrainer.itemBias }

    /// Runs one joint epoch.
    public func runEpoch() -> JointEpochSummary {
        let cf = interactionTrainer.runEpoch()
        let kg = kgTrainer?.runEpoch()
        return JointEpochSummary(interactions: cf, knowledgeGraph: kg)
    }

    /// A TransE trainer (``TransETraining``) on the shared model, with the KG weight folded into
    /// its learning rate.
    private static func makeKGTrainer(setup: JointTrainingSetup, model: TransE, triples: [IndexedTriple]) -> any EpochRunner {
        var s = setup.kg
        s.learningRate *= setup.kgWeight
        return TransETraining.makeTrainer(setup: s, model: model, triples: triples)
    }
}

/// The interaction losses as one concrete type (an enum switch per positive, not an existential).
public enum AnyInteractionLoss: TripleLoss {
    case bpr(BPRLoss)
    case softmax(SampledSoftmaxLoss)

    @inline(__always)
    public func evaluate(
        positive: Float, negatives: UnsafePointer<Float>, count: Int,
        negativeGradients: UnsafeMutablePointer<Float>
    ) -> (loss: Float, positiveGradient: Float) {
        switch self {
        case .bpr(let l): return l.evaluate(positive: positive, negatives: negatives, count: count, negativeGradients: negativeGradients)
        case .softmax(let l): return l.evaluate(positive: positive, negatives: negatives, count: count, negativeGradients: negativeGradients)
        }
    }
}
