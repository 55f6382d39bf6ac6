import Testing
@testable import Embedding

/// The interaction losses' gradients, the interaction trainer and joint training with shared item vectors.
@Suite struct JointTrainingTests {
    @Test func bprGradientMatchesFiniteDifferences() {
        LossGradientTests().check(BPRLoss())
    }

    @Test func sampledSoftmaxGradientMatchesFiniteDifferences() {
        LossGradientTests().check(SampledSoftmaxLoss(temperature: 1))
        LossGradientTests().check(SampledSoftmaxLoss(temperature: 0.5), tolerance: 5e-3)
    }

    @Test func bprWithOneNegativeIsMinusLogSigmoidOfTheDifference() {
        var g: [Float] = [0]
        let r = [Float(0.5)].withUnsafeBufferPointer { n in
            g.withUnsafeMutableBufferPointer { BPRLoss().evaluate(positive: 2, negatives: n.baseAddress!, count: 1, negativeGradients: $0.baseAddress!) }
        }
        let expected = -log(1 / (1 + exp(-1.5)))
        #expect(abs(Double(r.loss) - expected) < 1e-6)
        #expect(abs(r.positiveGradient + g[0]) < 1e-7)  // pairwise: ∂/∂s⁺ = −∂/∂s⁻
    }

    /// Two user groups, each liking its own half of 20 items.
    static func groupedPairs() -> [UserItemPair] {
        var pairs: [UserItemPair] = []
        for u in 0..<40 {
            for i in 0..<10 where (u + i) % 3 != 0 { pairs.append(UserItemPair(user: Int32(u), item: Int32((u % 2) * 10 + i))) }
        }
        return pairs
    }

    static func makeJoint(kgWeight: Float, seed: UInt64 = 7) -> JointEmbeddingTrainer {
        var setup = JointTrainingSetup()
        setup.kg.dimension = 8
        setup.kg.loop.seed = seed
        setup.kg.loop.batchSize = 16
        setup.kgWeight = kgWeight
        setup.interactionNegatives = 4
        setup.interactionLearningRate = 0.01
        setup.epochs = 1
        // KG: items 0..<20 are entities 0..<20; entity 20 and 21 are "genres" of each half; item 19 is not linked.
        var triples: [IndexedTriple] = []
        for i in 0..<19 { triples.append(IndexedTriple(head: Int32(i), relation: 0, tail: Int32(20 + i / 10))) }
        let itemEntity: [Int32] = (0..<20).map { $0 == 19 ? -1 : Int32($0) }
        return JointEmbeddingTrainer(setup: setup, triples: triples, entityCount: 22, relationCount: 1,
                                     itemEntity: itemEntity, userCount: 40, pairs: groupedPairs())
    }

    /// Every user's positives end up above every item of the other group.
    @Test func interactionTrainingLearnsToRankEachGroupsItemsFirst() {
        let t = Self.makeJoint(kgWeight: 0)
        let first = t.runEpoch().interactions.loss
        var last = first
        for _ in 0..<60 { last = t.runEpoch().interactions.loss }
        #expect(last < first * 0.7, "loss \(first) → \(last)")
        let stride = t.users.stride
        for u in 0..<40 {
            let scores = (0..<20).map { i in
                InteractionTrainer<BPRLoss, AdamOptimizer>.dot(t.users.row(u), t.model.entities.row(Int(t.itemRows[i])), stride: stride) + t.itemBias[i]
            }
            let own = (0..<10).filter { (u + $0) % 3 != 0 }.map { scores[(u % 2) * 10 + $0] }.min()!
            let other = (0..<10).map { scores[(1 - u % 2) * 10 + $0] }.max()!
            #expect(own > other, "user \(u)")
        }
    }

    @Test func itemVectorsAreTheSharedEntityRows() {
        let t = Self.makeJoint(kgWeight: 1)
        #expect(t.itemRows[0] == 0 && t.itemRows[18] == 18)
        #expect(t.itemRows[19] == 22)  // the unlinked item gets a row after the 22 entities
        #expect(t.model.entityCount == 23)
        let before = t.model.entities.vector(20)  // a genre entity: only the KG loss moves it
        let item = t.model.entities.vector(3)
        let summary = t.runEpoch()
        #expect(summary.knowledgeGraph != nil)
        #expect(t.model.entities.vector(20) != before)
        #expect(t.model.entities.vector(3) != item)
    }

    @Test func jointTrainingIsBitForBitReproducibleOnOneThread() {
        let a = Self.makeJoint(kgWeight: 1), b = Self.makeJoint(kgWeight: 1)
        for _ in 0..<3 { _ = a.runEpoch(); _ = b.runEpoch() }
        #expect(a.model.entities.isBitwiseEqual(to: b.model.entities))
        #expect(a.users.isBitwiseEqual(to: b.users))
        #expect(a.itemBias == b.itemBias)
        let c = Self.makeJoint(kgWeight: 1, seed: 8)
        for _ in 0..<3 { _ = c.runEpoch() }
        #expect(!a.users.isBitwiseEqual(to: c.users))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
