import Evaluation
import Testing
@testable import Embedding

extension TransE: LinkPredictionScorer {}

@Suite struct TrainingTests {
    static let graph = SyntheticGraph.generate(entityCount: 60, relationCount: 4, tripleCount: 600, seed: 11)

    func train(seed: UInt64, threads: Int, optimizer: OptimizerKind = .adam, loss: LossKind = .margin,
               sampler: SamplerKind = .uniform, epochs: Int = 3) -> TransE {
        var setup = TrainingSetup()
        setup.dimension = 16
        setup.optimizer = optimizer
        setup.loss = loss
        setup.sampler = sampler
        setup.loop = TrainingConfiguration(batchSize: 64, negatives: 3, threads: threads, seed: seed)
        let trainer = TransETraining.makeTrainer(setup: setup, triples: Self.graph, entityCount: 60, relationCount: 4)
        for _ in 0..<epochs { _ = trainer.runEpoch() }
        return trainer.model
    }

    @Test func oneThreadSameSeedIsBitForBitReproducible() {
        for optimizer in OptimizerKind.allCases {
            for loss in LossKind.allCases {
                let a = train(seed: 5, threads: 1, optimizer: optimizer, loss: loss, sampler: .bernoulli)
                let b = train(seed: 5, threads: 1, optimizer: optimizer, loss: loss, sampler: .bernoulli)
                #expect(a.entities.isBitwiseEqual(to: b.entities), "\(optimizer) \(loss)")
                #expect(a.relations.isBitwiseEqual(to: b.relations), "\(optimizer) \(loss)")
            }
        }
        let c = train(seed: 6, threads: 1)
        #expect(!train(seed: 5, threads: 1).entities.isBitwiseEqual(to: c.entities))
    }

    @Test func hogwildRunKeepsTheConstraintAndFiniteValues() {
        let m = train(seed: 5, threads: 2)
        for i in 0..<m.entityCount {
            let n = VectorKernels.squaredNorm(m.entities.row(i), stride: m.entities.stride)
            #expect(abs(n - 1) < 1e-4)
        }
        for i in 0..<(m.relations.rows * m.relations.stride) { #expect(m.relations.base[i].isFinite) }
        // Padding lanes stay zero.
        for i in 0..<m.entityCount { for j in 16..<m.entities.stride { #expect(m.entities.row(i)[j] == 0) } }
    }

    @Test func trainingLowersTheLossAndImprovesRanking() {
        // A graph TransE can fit: tail = head + relation offset (mod n).
        let n = 40
        var triples: [IndexedTriple] = []
        for h in 0..<n { for r in 0..<2 { triples.append(IndexedTriple(head: Int32(h), relation: Int32(r), tail: Int32((h + 1 + 5 * r) % n))) } }
        var setup = TrainingSetup()
        setup.dimension = 16
        setup.loop = TrainingConfiguration(batchSize: 16, negatives: 4, threads: 1, seed: 3)
        let trainer = TransETraining.makeTrainer(setup: setup, triples: triples, entityCount: n, relationCount: 2)
        let lp = triples.map { LinkPredictionTriple(head: $0.head, relation: $0.relation, tail: $0.tail) }
        let filter = KnownTripleIndex(lp)
        let before = LinkPredictionEvaluator().evaluate(trainer.model, triples: lp, filter: filter).both.meanReciprocalRank
        let first = trainer.runEpoch().loss
        var last = first
        for _ in 0..<60 { last = trainer.runEpoch().loss }
        let after = LinkPredictionEvaluator().evaluate(trainer.model, triples: lp, filter: filter).both.meanReciprocalRank
        #expect(last < first * 0.5, "loss \(first) → \(last)")
        #expect(after > before + 0.2, "train MRR \(before) → \(after)")
    }

    @Test func earlyStoppingCountsChecksWithoutImprovement() {
        var s = EarlyStopping(patience: 2)
        let improved = [s.record(0.3, epoch: 10), s.record(0.35, epoch: 20), s.record(0.34, epoch: 30)]
        #expect(improved == [true, true, false])
        #expect(!s.shouldStop)
        let again = s.record(0.35, epoch: 40)
        #expect(!again)
        #expect(s.shouldStop)
        #expect(s.best?.epoch == 20)
    }
}
