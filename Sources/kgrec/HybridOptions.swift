import ArgumentParser
import Embedding
import Recommender

/// The hybrid model's hyperparameters, shared by `kgrec train` and `kgrec eval recommend`.
/// Defaults are ``HybridConfiguration``'s (chosen on the MovieLens-100K validation split).
/// Seed and threads are not here: `kgrec train` shares them with its TransE options.
struct HybridOptions: ParsableArguments {
    @Option(help: "L2 penalty λ of the item autoencoder.") var l2: Double = HybridConfiguration().l2
    @Option(help: "EDLAE dropout rate p of the autoencoder: penalty λ + p/(1−p)·G_ii (0 = plain EASE).") var dropout: Double = HybridConfiguration().dropout
    @Option(help: "Weight of the KG feature block in the autoencoder (0 = off).") var featureWeight: Double = HybridConfiguration().featureWeight
    @Option(help: "KG feature rows scaled by |feature|^(-power/2).") var featurePower: Double = HybridConfiguration().featurePower
    @Option(help: "KG features with more items than this are ignored.") var hubCap: Int = HybridConfiguration().hubCap
    @Option(name: .customLong("transe-weight"), help: "Weight of the TransE similarity block in the autoencoder (0 = off).")
    var transEWeight: Double = HybridConfiguration().transEWeight
    @Option(name: .customLong("transe-dim"), help: "TransE dimension of the similarity block.") var transEDim: Int = TransESettings().dimension
    @Option(name: .customLong("transe-epochs"), help: "TransE epochs of the similarity block.") var transEEpochs: Int = TransESettings().epochs
    @Option(name: .customLong("transe-lr"), help: "TransE Adam learning rate of the similarity block.") var transELR: Float = TransESettings().learningRate
    @Option(help: "Blend weight of the propagation walk (0 = off).") var propagationWeight: Double = HybridConfiguration().propagationWeight
    @Option(help: "Share of walk steps through KG features instead of users (needs a KG).") var walkKGWeight: Double = HybridConfiguration().walkKGWeight
    @Option(help: "Popularity penalty exponent of the walk.") var popularityExponent: Double = HybridConfiguration().popularityExponent

    @Option(help: "Blend weight of the implicit-ALS factors (0 = off; ALS and embedding weights add up to at most 1).")
    var alsWeight: Double = HybridConfiguration().alsWeight
    @Option(help: "Implicit-ALS factor dimension.") var alsDim: Int = ImplicitALSSettings().dimension
    @Option(help: "Implicit-ALS L2 penalty on user and item vectors.") var alsL2: Double = ImplicitALSSettings().regularization
    @Option(help: "Implicit-ALS confidence α of a positive (its error weighs 1 + α).") var alsConfidence: Double = ImplicitALSSettings().confidence
    @Option(help: "Implicit-ALS sweeps.") var alsIterations: Int = ImplicitALSSettings().iterations
    @Option(help: "Lower each item's blended score by this × ln(1 + its training positives) (0 = off).")
    var popularityPenalty: Double = HybridConfiguration().popularityPenalty

    @Option(help: "Blend weight of the joint embedding (0 = off, 1 = embedding only).") var embeddingWeight: Double = HybridConfiguration().embeddingWeight
    @Option(help: "Joint embedding dimension.") var embeddingDim: Int = HybridConfiguration().joint.kg.dimension
    @Option(help: "Joint embedding epochs.") var embeddingEpochs: Int = HybridConfiguration().joint.epochs
    @Option(help: "Weight of the TransE loss in joint training (0 = interactions only).") var kgWeight: Float = HybridConfiguration().joint.kgWeight
    @Option(help: "Interaction loss: bpr or softmax (sampled).") var cfLoss: String = HybridConfiguration().joint.interactionLoss.rawValue
    @Option(help: "Negative items per positive.") var cfNegatives: Int = HybridConfiguration().joint.interactionNegatives
    @Option(help: "Adam learning rate of the interaction loss.") var cfLr: Float = HybridConfiguration().joint.interactionLearningRate
    @Option(help: "Sampled-softmax temperature.") var cfTemperature: Float = HybridConfiguration().joint.temperature
    @Option(help: "L2 penalty on rows the interaction loss updates.") var cfL2: Float = HybridConfiguration().joint.l2
    @Option(help: "Adam learning rate of the TransE loss in joint training.") var kgLr: Float = HybridConfiguration().joint.kg.learningRate
    @Option(help: "TransE distance in joint training: l1 or l2.") var kgDistance: String = HybridConfiguration().joint.kg.distance.rawValue

    @Option(help: "SGD learning rate of the per-item score biases (0 = none).") var biasLr: Float = HybridConfiguration().joint.biasLearningRate
    @Flag(inversion: .prefixedNo, help: "Keep item vectors at unit norm after interaction updates.") var normalizeItems = HybridConfiguration().joint.normalizeItems

    func validate() throws {
        guard l2 > 0 else { throw ValidationError("--l2 must be positive") }
        guard dropout >= 0 && dropout < 1 else { throw ValidationError("--dropout must lie in [0, 1)") }
        guard (0...1).contains(propagationWeight), (0...1).contains(walkKGWeight), (0...1).contains(embeddingWeight) else {
            throw ValidationError("--propagation-weight, --walk-kg-weight and --embedding-weight must lie in [0, 1]")
        }
        guard (0...1).contains(alsWeight), alsWeight + embeddingWeight <= 1 else {
            throw ValidationError("--als-weight must lie in [0, 1] and --als-weight + --embedding-weight must not exceed 1")
        }
        guard popularityPenalty >= 0 else { throw ValidationError("--popularity-penalty must be non-negative") }
        guard alsDim > 0, alsL2 > 0, alsConfidence >= 0, alsIterations >= 0 else {
            throw ValidationError("--als-dim and --als-l2 must be positive, --als-confidence and --als-iterations non-negative")
        }
        guard InteractionLossKind(rawValue: cfLoss) != nil else { throw ValidationError("--cf-loss must be bpr or softmax, got '\(cfLoss)'") }
        guard Distance(rawValue: kgDistance) != nil else { throw ValidationError("--kg-distance must be l1 or l2, got '\(kgDistance)'") }
        guard embeddingDim > 0, embeddingEpochs >= 0, cfNegatives > 0, cfTemperature > 0, kgWeight >= 0 else {
            throw ValidationError("--embedding-dim, --cf-negatives and --cf-temperature must be positive; --embedding-epochs and --kg-weight non-negative")
        }
    }

    func configuration(seed: UInt64, threads: Int) -> HybridConfiguration {
        var c = HybridConfiguration()
        c.l2 = l2
        c.dropout = dropout
        c.featureWeight = featureWeight
        c.featurePower = featurePower
        c.hubCap = hubCap
        c.transEWeight = transEWeight
        c.transE.dimension = transEDim
        c.transE.epochs = transEEpochs
        c.transE.learningRate = transELR
        c.propagationWeight = propagationWeight
        c.walkKGWeight = walkKGWeight
        c.popularityExponent = popularityExponent
        c.alsWeight = alsWeight
        c.als.dimension = alsDim
        c.als.regularization = alsL2
        c.als.confidence = alsConfidence
        c.als.iterations = alsIterations
        c.popularityPenalty = popularityPenalty
        c.embeddingWeight = embeddingWeight
        c.joint.kg.dimension = embeddingDim
        c.joint.epochs = embeddingEpochs
        c.joint.kgWeight = kgWeight
        c.joint.interactionLoss = InteractionLossKind(rawValue: cfLoss)!
        c.joint.interactionNegatives = cfNegatives
        c.joint.interactionLearningRate = cfLr
        c.joint.temperature = cfTemperature
        c.joint.l2 = cfL2
        c.joint.kg.learningRate = kgLr
        c.joint.kg.distance = Distance(rawValue: kgDistance)!
        c.joint.biasLearningRate = biasLr
        c.joint.normalizeItems = normalizeItems
        c.seed = seed
        c.threads = threads
        return c
    }
}
