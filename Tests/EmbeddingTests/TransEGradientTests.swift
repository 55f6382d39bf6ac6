import Testing
@testable import Embedding

/// Finite-difference check of the full backward pass: loss(scores(h, r, t, negatives)) with respect
/// to every embedding coordinate, through `WorkerScratch.accumulate`.
@Suite struct TransEGradientTests {
    func lossValue(_ model: TransE, _ positive: IndexedTriple, _ negatives: [IndexedTriple], _ loss: some TripleLoss) -> Double {
        let scores = negatives.map { model.score($0) }
        var g = [Float](repeating: 0, count: negatives.count)
        return scores.withUnsafeBufferPointer { s in
            g.withUnsafeMutableBufferPointer {
                Double(loss.evaluate(positive: model.score(positive), negatives: s.baseAddress!, count: scores.count, negativeGradients: $0.baseAddress!).loss)
            }
        }
    }

    func check(distance: Distance, loss: some TripleLoss) {
        let model = TransE(entityCount: 4, relationCount: 2, dimension: 5, distance: distance, seed: 7)
        let positive = IndexedTriple(head: 0, relation: 1, tail: 2)
        let negatives = [IndexedTriple(head: 3, relation: 1, tail: 2), IndexedTriple(head: 0, relation: 1, tail: 1)]
        let stride = model.entities.stride
        let scratch = WorkerScratch(entityCount: 4, relationCount: 2, stride: stride, maxEntitySlots: 4, maxRelationSlots: 2, negatives: 2)
        // Forward + backward exactly as the trainer does.
        let n0 = VectorKernels.residual(model.entities.row(0), model.relations.row(1), model.entities.row(2), into: scratch.residuals, stride: stride, distance: distance)
        for (i, n) in negatives.enumerated() {
            scratch.negativeNorms[i] = VectorKernels.residual(model.entities.row(Int(n.head)), model.relations.row(Int(n.relation)),
                                                             model.entities.row(Int(n.tail)), into: scratch.residuals + (i + 1) * stride, stride: stride, distance: distance)
            scratch.negativeScores[i] = -scratch.negativeNorms[i]
        }
        let (_, gp) = loss.evaluate(positive: -n0, negatives: scratch.negativeScores, count: 2, negativeGradients: scratch.negativeGradients)
        scratch.accumulate(positive, residual: scratch.residuals, norm: n0, scoreGradient: gp, distance: distance)
        for i in 0..<2 {
            scratch.accumulate(negatives[i], residual: scratch.residuals + (i + 1) * stride, norm: scratch.negativeNorms[i],
                               scoreGradient: scratch.negativeGradients[i], distance: distance)
        }
        let h: Float = 1e-3
        for (table, isEntity) in [(model.entities, true), (model.relations, false)] {
            for row in 0..<table.rows {
                for j in 0..<5 {
                    let saved = table.row(row)[j]
                    table.row(row)[j] = saved + h
                    let up = lossValue(model, positive, negatives, loss)
                    table.row(row)[j] = saved - h
                    let down = lossValue(model, positive, negatives, loss)
                    table.row(row)[j] = saved
                    let numeric = (up - down) / Double(2 * h)
                    let slot = isEntity ? scratch.entitySlot[row] : scratch.relationSlot[row]
                    let analytic: Float = slot < 0 ? 0 : (isEntity ? scratch.entityGradients : scratch.relationGradients)[Int(slot) * stride + j]
                    #expect(abs(numeric - Double(analytic)) < 5e-3, "\(isEntity ? "entity" : "relation") \(row)[\(j)]: analytic \(analytic), numeric \(numeric)")
                }
            }
        }
        // Padding lanes never receive gradient.
        for s in 0..<scratch.touchedEntityCount {
            for j in 5..<stride { #expect(scratch.entityGradients[s * stride + j] == 0) }
        }
    }

    @Test func l2BackwardMatchesFiniteDifferences() {
        check(distance: .l2, loss: MarginRankingLoss(margin: 5))
        check(distance: .l2, loss: SoftplusLoss())
    }

    @Test func l1BackwardMatchesFiniteDifferences() {
        // Random unit vectors: no residual coordinate is within 1e-3 of the |x| kink.
        check(distance: .l1, loss: MarginRankingLoss(margin: 5))
        check(distance: .l1, loss: SoftplusLoss())
    }

    @Test func scoreIsNegativeDistance() {
        let model = TransE(entityCount: 2, relationCount: 1, dimension: 3, distance: .l1, seed: 1)
        model.entities.setVector(0, [1, 0, 0])
        model.entities.setVector(1, [0, 2, 0])
        model.relations.setVector(0, [0, 1, 1])
        #expect(model.score(IndexedTriple(head: 0, relation: 0, tail: 1)) == -3)  // |1| + |−1| + |1|
        let l2 = TransE(entities: model.entities, relations: model.relations, distance: .l2)
        #expect(abs(l2.score(IndexedTriple(head: 0, relation: 0, tail: 1)) + Float(3).squareRoot()) < 1e-6)
        var scores = [Float](repeating: 0, count: 2)
        scores.withUnsafeMutableBufferPointer { model.scoreTails(head: 0, relation: 0, into: $0) }
        #expect(scores == [-2, -3])  // (1,1,1) vs e0 = (1,0,0): 2; vs e1: 3
        scores.withUnsafeMutableBufferPointer { model.scoreHeads(relation: 0, tail: 1, into: $0) }
        #expect(scores == [-3, -2])  // e + r − t: e0 → (1,−1,1) = 3; e1 → (0,1,1) = 2
    }

    @Test func batchedScoringEqualsOneQueryAtATime() {
        for distance in Distance.allCases {
            let model = TransE(entityCount: 37, relationCount: 3, dimension: 20, distance: distance, seed: 2)
            let heads: [Int32] = [0, 5, 36, 7, 7, 1], relations: [Int32] = [0, 2, 1, 1, 0, 2]
            var batched = [Float](repeating: 0, count: 6 * 37)
            batched.withUnsafeMutableBufferPointer { model.scoreTails(heads: heads, relations: relations, into: $0) }
            var heads2 = [Float](repeating: 0, count: 6 * 37)
            heads2.withUnsafeMutableBufferPointer { model.scoreHeads(relations: relations, tails: heads, into: $0) }
            for j in 0..<6 {
                var one = [Float](repeating: 0, count: 37)
                one.withUnsafeMutableBufferPointer { model.scoreTails(head: heads[j], relation: relations[j], into: $0) }
                #expect(Array(batched[(j * 37)..<((j + 1) * 37)]) == one, "\(distance) tail query \(j)")
                one.withUnsafeMutableBufferPointer { model.scoreHeads(relation: relations[j], tail: heads[j], into: $0) }
                #expect(Array(heads2[(j * 37)..<((j + 1) * 37)]) == one, "\(distance) head query \(j)")
                #expect(one[3] == model.score(IndexedTriple(head: 3, relation: relations[j], tail: heads[j])))
            }
        }
    }

    @Test func initialisationGivesUnitNormRows() {
        let model = TransE(entityCount: 50, relationCount: 5, dimension: 100, distance: .l1, seed: 3)
        for i in 0..<50 {
            #expect(abs(VectorKernels.squaredNorm(model.entities.row(i), stride: model.entities.stride) - 1) < 1e-5)
        }
        for i in 0..<5 {
            #expect(abs(VectorKernels.squaredNorm(model.relations.row(i), stride: model.relations.stride) - 1) < 1e-5)
        }
    }

    @Test func vectorSquareRootIsAccurate() {
        let v = SIMD8<Float>(0, 1e-12, 1e-6, 0.25, 1, 2, 1e4, 3e7)
        let r = VectorKernels.squareRoot(v)
        for i in 0..<8 {
            let exact = v[i].squareRoot()
            #expect(abs(r[i] - exact) <= max(1e-14, exact * 1e-6), "√\(v[i]) = \(r[i]), expected \(exact)")
        }
    }
}
