import Embedding

/// Seconds spent in each stage of ``HybridTrainer/train(_:knowledgeGraph:configuration:)``.
public struct HybridTrainingReport: Sendable, Equatable {
    public var transESeconds = 0.0
    public var gramSeconds = 0.0
    public var solveSeconds = 0.0
    public var propagationSeconds = 0.0
    public var embeddingSeconds = 0.0
    public var alsSeconds = 0.0
    /// Mean interaction loss of the joint embedding's last epoch (nil when it is off).
    public var embeddingLoss: Double? = nil
    public var totalSeconds = 0.0
    /// Mean TransE loss of the last epoch (nil when TransE is off).
    public var transELoss: Double? = nil
    /// KG feature rows used (after the hub cap).
    public var featureRows = 0
    public init() {}
}

/// Trains the hybrid model:
/// 1. optional TransE on the KG triples (the Embedding module's trainer), whose linked item vectors
///    enter the autoencoder's Gram as a block (item weights tied to KG-embedding neighbours);
/// 2. optional KG feature block (items sharing a (relation, entity) neighbour);
/// 3. the closed-form item autoencoder over interactions + those blocks;
/// 4. optional propagation walk over users and KG features, blended with a weight;
/// 5. optional vector parts — implicit-ALS factors and/or the joint embedding — blended with the
///    item part on a common scale.
public enum HybridTrainer {
    public static func train(
        _ interactions: InteractionMatrix, knowledgeGraph: ItemKnowledgeGraph?, configuration c: HybridConfiguration
    ) throws -> (HybridRecommender, HybridTrainingReport) {
        let clock = ContinuousClock()
        let start = clock.now
        func seconds(since t: ContinuousClock.Instant) -> Double {
            let d = clock.now - t
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        var report = HybridTrainingReport()
        let n = interactions.itemCount
        let needsFeatures = knowledgeGraph != nil && (c.featureWeight > 0 || (c.propagationWeight > 0 && c.walkKGWeight > 0))
        let features = needsFeatures ? knowledgeGraph!.itemFeatures(minimumItems: 2, maximumItems: c.hubCap) : nil
        report.featureRows = features?.rowCount ?? 0

        var itemVectors: [[Float]]? = nil
        if let kg = knowledgeGraph, c.transEWeight > 0 {
            let t0 = clock.now
            let (vectors, loss) = transEItemVectors(kg, settings: c.transE, seed: c.seed, threads: c.threads)
            itemVectors = vectors
            report.transELoss = loss
            report.transESeconds = seconds(since: t0)
        }

        var t = clock.now
        var gram = GramMatrix(itemCount: n)
        gram.addInteractions(interactions)
        if let features, c.featureWeight > 0 { gram.addIncidence(features, weight: c.featureWeight, power: c.featurePower) }
        if let itemVectors { gram.addEmbeddings(itemVectors, weight: c.transEWeight) }
        report.gramSeconds = seconds(since: t)

        t = clock.now
        var weights = try ItemAutoencoder.fit(gram: gram, l2: c.l2, dropout: c.dropout)
        report.solveSeconds = seconds(since: t)

        if c.propagationWeight > 0 {
            t = clock.now
            let walk = RandomWalkPropagation(kgWeight: c.walkKGWeight, popularityExponent: c.popularityExponent, hubCap: c.hubCap)
            let w = walk.transitions(interactions: interactions, features: features)
            let sB = meanMaximumScore(weights, interactions), sW = meanMaximumScore(w, interactions)
            let g = c.propagationWeight
            let a = sB > 0 ? (1 - g) / sB : 0, b = sW > 0 ? g / sW : 0
            for k in 0..<(n * n) { weights[k] = a * weights[k] + b * w[k] }
            report.propagationSeconds = seconds(since: t)
        }
        // Vector parts (implicit ALS, joint embedding), each on its own scale, side by side in one scorer.
        precondition(c.alsWeight >= 0 && c.embeddingWeight >= 0 && c.alsWeight + c.embeddingWeight <= 1)
        var parts: [(scorer: DotProductScorer, scale: Float)] = []
        if c.alsWeight > 0 {
            t = clock.now
            let (users, items) = try ImplicitALS.fit(interactions, settings: c.als, seed: c.seed)
            let scorer = DotProductScorer(dimension: c.als.dimension, users: users.map { Float($0) }, items: items.map { Float($0) })
            let sA = meanMaximumScore(scorer, interactions)
            parts.append((scorer, sA > 0 ? Float(c.alsWeight / sA) : 0))
            report.alsSeconds = seconds(since: t)
        }
        if c.embeddingWeight > 0 {
            t = clock.now
            let (scorer, loss) = trainJointEmbedding(interactions, knowledgeGraph: knowledgeGraph, configuration: c)
            report.embeddingLoss = loss
            let sE = meanMaximumScore(scorer, interactions)
            parts.append((scorer, sE > 0 ? Float(c.embeddingWeight / sE) : 0))
            report.embeddingSeconds = seconds(since: t)
        }
        var embedding: DotProductScorer? = nil
        var matrixWeight: Float = 1, embeddingWeight: Float = 0
        precondition(c.popularityPenalty >= 0)
        if !parts.isEmpty || c.popularityPenalty > 0 {
            let sM = meanMaximumScore(weights, interactions)
            let rest = 1 - c.alsWeight - c.embeddingWeight
            matrixWeight = sM > 0 ? Float(rest / sM) : 0
            if parts.count == 1 && c.popularityPenalty == 0 {
                embedding = parts[0].scorer
                embeddingWeight = parts[0].scale
            } else {
                // −γ·ln(1 + popularity) on the blended (common) scale, as an item bias.
                let penalty = (0..<n).map { Float(-c.popularityPenalty * log(1 + Double(interactions.degree(item: $0)))) }
                embedding = DotProductScorer.concatenating(parts, bias: penalty)
                embeddingWeight = 1
            }
        }
        report.totalSeconds = seconds(since: start)
        return (HybridRecommender(weights: weights, interactions: interactions, embedding: embedding,
                                  matrixWeight: matrixWeight, embeddingWeight: embeddingWeight), report)
    }

    /// Trains the joint embedding (``JointEmbeddingTrainer``): interactions with the configured
    /// ranking loss and, when there is a KG and `joint.kgWeight > 0`, TransE on its triples with
    /// item vectors shared through the item → entity links.
    public static func trainJointEmbedding(
        _ interactions: InteractionMatrix, knowledgeGraph: ItemKnowledgeGraph?, configuration c: HybridConfiguration
    ) -> (DotProductScorer, Double) {
        var setup = c.joint
        setup.kg.loop.seed = c.seed
        setup.kg.loop.threads = c.threads
        var pairs: [UserItemPair] = []
        pairs.reserveCapacity(interactions.count)
        for u in 0..<interactions.userCount { for i in interactions.items(of: u) { pairs.append(UserItemPair(user: Int32(u), item: i)) } }
        let trainer: JointEmbeddingTrainer
        if let kg = knowledgeGraph {
            trainer = JointEmbeddingTrainer(
                setup: setup, triples: kg.triples, entityCount: kg.vocabulary.entityCount, relationCount: kg.vocabulary.relationCount,
                itemEntity: kg.itemEntity, userCount: interactions.userCount, pairs: pairs)
        } else {
            setup.kgWeight = 0
            trainer = JointEmbeddingTrainer(
                setup: setup, triples: [], entityCount: 0, relationCount: 0,
                itemEntity: [Int32](repeating: -1, count: interactions.itemCount), userCount: interactions.userCount, pairs: pairs)
        }
        var loss = 0.0
        for _ in 0..<setup.epochs { loss = trainer.runEpoch().interactions.loss }
        return (DotProductScorer(users: trainer.users, items: trainer.model.entities, itemRows: trainer.itemRows, itemBias: trainer.itemBias), loss)
    }

    /// ``meanMaximumScore(_:_:)`` for the embedding's scores.
    static func meanMaximumScore(_ scorer: DotProductScorer, _ x: InteractionMatrix) -> Double {
        var total = 0.0, users = 0
        var s = [Float](repeating: 0, count: scorer.itemCount)
        s.withUnsafeMutableBufferPointer { buf in
            for u in 0..<min(x.userCount, scorer.userCount) where x.degree(user: u) > 0 {
                scorer.scores(user: u, into: buf)
                total += Double(buf.reduce(0) { max($0, abs($1)) })
                users += 1
            }
        }
        return users > 0 ? total / Double(users) : 0
    }

    /// Mean over users with items of max_j |Σ_{i∈u} M[i, j]|: the typical score scale of `m`, so two
    /// item → item matrices can be blended on a common scale.
    static func meanMaximumScore(_ m: [Double], _ x: InteractionMatrix) -> Double {
        let n = x.itemCount
        var total = 0.0, users = 0
        var s = [Double](repeating: 0, count: n)
        for u in 0..<x.userCount where x.degree(user: u) > 0 {
            for j in 0..<n { s[j] = 0 }
            for i in x.items(of: u) { for j in 0..<n { s[j] += m[Int(i) * n + j] } }
            total += s.reduce(0) { max($0, abs($1)) }
            users += 1
        }
        return users > 0 ? total / Double(users) : 0
    }

    /// Trains TransE on the KG (margin loss, uniform negatives, Adam — the Embedding module's
    /// trainer) and returns each item's linked entity vector scaled to unit length (empty for
    /// unlinked items), with the last epoch's mean loss.
    public static func transEItemVectors(
        _ kg: ItemKnowledgeGraph, settings: TransESettings, seed: UInt64, threads: Int
    ) -> ([[Float]], Double) {
        var setup = TrainingSetup()
        setup.dimension = settings.dimension
        setup.distance = .l2
        setup.loss = .margin
        setup.margin = settings.margin
        setup.sampler = .uniform
        setup.optimizer = .adam
        setup.learningRate = settings.learningRate
        setup.loop = TrainingConfiguration(batchSize: settings.batchSize, negatives: settings.negatives, threads: threads, seed: seed)
        let trainer = TransETraining.makeTrainer(
            setup: setup, triples: kg.triples, entityCount: kg.vocabulary.entityCount, relationCount: kg.vocabulary.relationCount)
        var loss = 0.0
        for _ in 0..<settings.epochs { loss = trainer.runEpoch().loss }
        let table = trainer.model.entities
        let vectors: [[Float]] = kg.itemEntity.map { e in
            guard e >= 0 else { return [] }
            var v = table.vector(Int(e))
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for t in v.indices { v[t] /= norm } }
            return v
        }
        return (vectors, loss)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
