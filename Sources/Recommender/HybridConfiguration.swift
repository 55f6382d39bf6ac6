import Embedding

/// Hyperparameters of the hybrid model (see ``HybridTrainer``). Defaults are the values chosen on
/// the MovieLens-100K validation split (warm_valtrain → warm_val, NDCG@10 with Coverage@10 ≥ .15):
/// the EDLAE autoencoder (λ = 300, dropout p = 0.5) with the propagation walk at 0.15 (10% of walk
/// steps through KG features), blended half and half with implicit ALS (d 64, λ 30, α 3, 10
/// sweeps), minus a popularity penalty 0.03·ln(1 + popularity): validation NDCG@10 .2287, Coverage@10
/// .161. Without the walk it is .2292 (seed 42; seeds 1 and 2 .2301, .2300), with the walk at 0.3
/// .2274 (seed 1 .2300): a tie within seed noise, and the walk keeps KG links in the item × item part
/// that explanations and online updates use. EDLAE alone .2243, ALS alone .2300, EDLAE + walk 0.3
/// .2263. The joint embedding (BPR + TransE) and the KG Gram blocks (features,
/// TransE) did not improve validation NDCG@10 and are off. docs/research.md and scripts/research/ hold every row.
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
    public var propagationWeight: Double = 0.15
    /// Share of walk steps that go through KG features instead of users.
    public var walkKGWeight: Double = 0.1
    /// Popularity penalty exponent of the walk's arrival item.
    public var popularityExponent: Double = 0.3
    /// Blend weight e of the joint embedding: score = (1 − e)·item part/s_M + e·⟨u, v⟩/s_E; 0 = off.
    public var embeddingWeight: Double = 0
    /// Blend weight a of the implicit-ALS factors (``ImplicitALS``): score = (1 − a − e)·item
    /// part/s_M + a·⟨x_u, y_j⟩/s_A + e·embedding/s_E; 0 = off.
    public var alsWeight: Double = 0.5
    /// The implicit-ALS factorisation's settings.
    public var als = ImplicitALSSettings()
    /// Popularity penalty γ: the blended score of item j is lowered by γ·ln(1 + its training
    /// positives), for catalogue coverage; 0 = off.
    public var popularityPenalty: Double = 0.03
    /// The joint embedding's training (BPR/softmax on interactions + TransE on the KG, shared item
    /// vectors); its `kg.loop.seed` and `kg.loop.threads` are overridden by ``seed`` and ``threads``.
    public var joint = JointTrainingSetup()
    /// Seed of every stochastic step (TransE, joint embedding).
    public var seed: UInt64 = 42
    /// Threads for TransE training (Hogwild when > 1).
    public var threads: Int = 1

    public init() {}

    /// The item-based model (autoencoder + propagation walk 0.3, no vector
    /// parts, no popularity penalty; validation NDCG@10 .2263): everything lives in the item × item
    /// matrix, which ``OnlineRecommender`` updates exactly per event.
    public static var itemBased: HybridConfiguration {
        var c = HybridConfiguration()
        c.propagationWeight = 0.3
        c.alsWeight = 0
        c.popularityPenalty = 0
        return c
    }
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

extension HybridConfiguration {
    /// Decodes a stored configuration. Every key is optional: a configuration written by an
    /// older kgrec lacks the keys added since (`alsWeight`, `als`, `popularityPenalty`, …), and
    /// its model was trained without those parts, so a missing blend weight reads as 0, not as
    /// today's default; other missing keys take today's defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var d = HybridConfiguration()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        d.l2 = try value(.l2, d.l2)
        d.dropout = try value(.dropout, d.dropout)
        d.featureWeight = try value(.featureWeight, d.featureWeight)
        d.featurePower = try value(.featurePower, d.featurePower)
        d.hubCap = try value(.hubCap, d.hubCap)
        d.transEWeight = try value(.transEWeight, d.transEWeight)
        d.transE = try value(.transE, d.transE)
        d.propagationWeight = try value(.propagationWeight, d.propagationWeight)
        d.walkKGWeight = try value(.walkKGWeight, d.walkKGWeight)
        d.popularityExponent = try value(.popularityExponent, d.popularityExponent)
        d.embeddingWeight = try value(.embeddingWeight, 0)
        d.alsWeight = try value(.alsWeight, 0)
        d.als = try value(.als, d.als)
        d.popularityPenalty = try value(.popularityPenalty, 0)
        d.joint = try value(.joint, d.joint)
        d.seed = try value(.seed, d.seed)
        d.threads = try value(.threads, d.threads)
        self = d
    }
}
