import Embedding

/// Hyperparameters of the hybrid model (see ``HybridTrainer``). Defaults are the values chosen on
/// the MovieLens-100K validation split (warm_valtrain → warm_val, best NDCG@10): autoencoder λ = 300
/// with the EDLAE dropout penalty p = 0.5 and the propagation walk (weight 0.3, popularity exponent
/// 0.3, 10% of walk steps through KG features): validation NDCG@10 .2263. The joint embedding
/// (BPR + TransE, KG weight 0.1) reaches .193 alone; blended at 0.15 with the autoencoder it gives
/// .2262, and all three parts together .2246, so it is off by default (`embeddingWeight` 0); KG
/// weight 0.1 ties 0 and 0.3 loses. The KG Gram blocks (features, TransE) did not improve
/// validation NDCG either and are off. The README's ablation table has every row.
public struct HybridConfiguration: Sendable, Codable, Equatable {
    /// L2 penalty λ of the item autoencoder.
    public var l2: Double = 300
    /// Dropout rate p of the autoencoder's EDLAE penalty λ + p/(1−p)·G_ii (0 = plain EASE).
    public var dropout: Double = 0.5
    /// Weight β of the KG feature block (items sharing (relation, entity) neighbours); 0 = off.
    public var featureWeight: Double = 0
    /// Feature rows are scaled by |feature|^(−power/2) before entering the Gram.
    public var featurePower: Double = 1
    /// Features with more items than this are hubs and ignored (Gram block and walk).
    public var hubCap: Int = 200
    /// Weight γ of the TransE block (cosine similarity of linked entities' TransE vectors); 0 = off.
    public var transEWeight: Double = 0
    /// TransE settings (dimension, loss, optimiser, epochs below).
    public var transE: TransESettings = TransESettings()
    /// Blend weight g of the propagation walk: M = (1 − g)·B/s_B + g·W/s_W; 0 = off.
    public var propagationWeight: Double = 0.3
    /// Share of walk steps that go through KG features instead of users.
    public var walkKGWeight: Double = 0.1
    /// Popularity penalty exponent of the walk's arrival item.
    public var popularityExponent: Double = 0.3
    /// Blend weight e of the joint embedding: score = (1 − e)·item part/s_M + e·⟨u, v⟩/s_E; 0 = off.
    public var embeddingWeight: Double = 0
    /// The joint embedding's training (BPR/softmax on interactions + TransE on the KG, shared item
    /// vectors); its `kg.loop.seed` and `kg.loop.threads` are overridden by ``seed`` and ``threads``.
    public var joint = JointTrainingSetup()
    /// Seed of every stochastic step (TransE, joint embedding).
    public var seed: UInt64 = 42
    /// Threads for TransE training (Hogwild when > 1).
    public var threads: Int = 1

    public init() {}
}

/// The TransE part of ``HybridConfiguration``.
public struct TransESettings: Sendable, Codable, Equatable {
    public var dimension: Int = 64
    public var epochs: Int = 20
    public var learningRate: Float = 0.01
    public var batchSize: Int = 1024
    public var negatives: Int = 4
    public var margin: Float = 1
    public init() {}
}
