import Dispatch
import Synchronization

/// The sLCWA training loop for ``TransE``, generic over loss, negative sampler and optimiser so
/// each combination is compiled into one specialised loop without dynamic dispatch.
///
/// Each epoch shuffles the training triples (seeded), cuts them into mini-batches and hands
/// mini-batch `j` to worker `j mod threads`. A worker scores each positive and its negatives,
/// accumulates the gradient of the mean mini-batch loss per touched row (a dense slot map, no
/// hashing), then applies the optimiser to each touched row once and re-normalises entity rows.
/// Workers share the tables without locks (Hogwild).
public final class TransETrainer<Loss: TripleLoss, Sampler: NegativeSampler, Optimizer: RowOptimizer> {
    public let model: TransE
    /// Training triples; reshuffled in place at the start of every epoch (so mini-batches are
    /// read sequentially).
    public private(set) var triples: [IndexedTriple]
    public let loss: Loss
    public let sampler: Sampler
    public let entityOptimizer: Optimizer
    public let relationOptimizer: Optimizer
    public let configuration: TrainingConfiguration
    /// Epochs run so far.
    public private(set) var epochsCompleted = 0

    public init(
        model: TransE, triples: [IndexedTriple], loss: Loss, sampler: Sampler,
        entityOptimizer: Optimizer, relationOptimizer: Optimizer, configuration: TrainingConfiguration
    ) {
        precondition(configuration.batchSize > 0 && configuration.negatives > 0 && configuration.threads > 0)
        precondition(triples.count < Int(Int32.max))
        self.model = model
        self.triples = triples
        self.loss = loss
        self.sampler = sampler
        self.entityOptimizer = entityOptimizer
        self.relationOptimizer = relationOptimizer
        self.configuration = configuration
    }

    /// Runs one epoch over all training triples.
    public func runEpoch() -> EpochSummary {
        let clock = ContinuousClock()
        let start = clock.now
        let epoch = epochsCompleted + 1
        let cfg = configuration
        var shuffler = Xoshiro256StarStar(seed: cfg.seed, stream: 0x5348_5546, UInt64(epoch))
        triples.shuffle(using: &shuffler)

        let batchCount = (triples.count + cfg.batchSize - 1) / cfg.batchSize
        let workers = min(cfg.threads, max(1, batchCount))
        let job = EpochJob(
            model: model, triples: triples, loss: loss, sampler: sampler,
            entityOptimizer: entityOptimizer, relationOptimizer: relationOptimizer,
            configuration: cfg, epoch: epoch, workers: workers, batchCount: batchCount)
        var totalLoss = 0.0
        if workers == 1 {
            totalLoss = job.run(worker: 0)
        } else {
            let sums = Mutex([Double](repeating: 0, count: workers))
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let s = job.run(worker: w)
                sums.withLock { $0[w] = s }
            }
            totalLoss = sums.withLock { $0.reduce(0, +) }  // fixed order
        }
        epochsCompleted = epoch
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return EpochSummary(epoch: epoch, loss: triples.isEmpty ? 0 : totalLoss / Double(triples.count), positives: triples.count, seconds: seconds)
    }
}

/// Everything one epoch's workers read; Sendable so workers can share it.
struct EpochJob<Loss: TripleLoss, Sampler: NegativeSampler, Optimizer: RowOptimizer>: Sendable {
    let model: TransE
    let triples: [IndexedTriple]
    let loss: Loss
    let sampler: Sampler
    let entityOptimizer: Optimizer
    let relationOptimizer: Optimizer
    let configuration: TrainingConfiguration
    let epoch: Int
    let workers: Int
    let batchCount: Int

    /// Processes mini-batches `worker, worker + workers, …`; returns the summed per-positive loss.
    func run(worker: Int) -> Double {
        let k = configuration.negatives
        let batchSize = configuration.batchSize
        let scratch = WorkerScratch(
            entityCount: model.entityCount, relationCount: model.relationCount, stride: model.entities.stride,
            maxEntitySlots: min(model.entityCount, batchSize * (2 + k)), maxRelationSlots: min(model.relationCount, batchSize),
            negatives: k, batchSize: batchSize)
        var rng = Xoshiro256StarStar(seed: configuration.seed, stream: 0x574F_524B, UInt64(epoch), UInt64(worker))
        var total = 0.0
        triples.withUnsafeBufferPointer { tp in
            var b = worker
            while b < batchCount {
                let lo = b * batchSize
                let hi = min(lo + batchSize, tp.count)
                total += runBatch(tp, lo, hi, scratch, &rng, iteration: (epoch - 1) * batchCount + b + 1)
                b += workers
            }
        }
        scratch.publishSink()
        return total
    }

    @inline(__always)
    private func runBatch(
        _ triples: UnsafeBufferPointer<IndexedTriple>, _ lo: Int, _ hi: Int,
        _ s: WorkerScratch, _ rng: inout Xoshiro256StarStar, iteration: Int
    ) -> Double {
        let k = configuration.negatives
        let stride = s.stride
        let E = model.entities, R = model.relations
        let distance = model.distance
        let count = hi - lo
        let slotCount = count * k
        let scale = 1 / Float(count)
        var batchLoss = 0.0
        // Negatives for the whole mini-batch first (same random stream order as slot order), so
        // the rows of upcoming positives and negatives are known and can be fetched ahead.
        for b in 0..<count {
            let p = triples[lo + b]
            for i in 0..<k {
                s.batchNegatives[b * k + i] = sampler.corrupt(p, slot: b * k + i, slotCount: slotCount, using: &rng)
            }
        }
        var sink: Float = 0
        for b in 0..<count {
            let p = triples[lo + b]
            let ahead = b + WorkerScratch.lookahead
            if ahead < count {
                // Touch every cache line of the entity rows needed `lookahead` positives from now, so
                // their cache misses overlap with this positive's arithmetic.
                let q = triples[lo + ahead]
                sink += VectorKernels.touch(E.row(Int(q.head)), stride: stride) + VectorKernels.touch(E.row(Int(q.tail)), stride: stride)
                // The slot-map entries are random accesses into an entity-sized array too.
                sink += Float(s.entitySlot[Int(q.head)] &+ s.entitySlot[Int(q.tail)])
                for i in 0..<k {
                    let n = s.batchNegatives[ahead * k + i]
                    let e = Int(n.head != q.head ? n.head : n.tail)
                    sink += VectorKernels.touch(E.row(e), stride: stride) + Float(s.entitySlot[e])
                }
            }
            let n0 = VectorKernels.residual(
                E.row(Int(p.head)), R.row(Int(p.relation)), E.row(Int(p.tail)),
                into: s.residuals, stride: stride, distance: distance)
            for i in 0..<k {
                let n = s.batchNegatives[b * k + i]
                s.negativeTriples[i] = n
                let d = VectorKernels.residual(
                    E.row(Int(n.head)), R.row(Int(n.relation)), E.row(Int(n.tail)),
                    into: s.residuals + (i + 1) * stride, stride: stride, distance: distance)
                s.negativeNorms[i] = d
                s.negativeScores[i] = -d
            }
            let (l, gp) = loss.evaluate(positive: -n0, negatives: s.negativeScores, count: k, negativeGradients: s.negativeGradients)
            batchLoss += Double(l)
            if gp != 0 {
                s.accumulate(p, residual: s.residuals, norm: n0, scoreGradient: gp * scale, distance: distance)
            }
            for i in 0..<k {
                let g = s.negativeGradients[i]
                if g != 0 {
                    s.accumulate(s.negativeTriples[i], residual: s.residuals + (i + 1) * stride, norm: s.negativeNorms[i],
                                 scoreGradient: g * scale, distance: distance)
                }
            }
        }
        s.sink += sink
        s.apply(entities: E, relations: R, entityOptimizer: entityOptimizer, relationOptimizer: relationOptimizer,
                iteration: iteration, normalizeEntities: configuration.normalizeEntities, dense: configuration.denseUpdates)
        return batchLoss
    }
}

/// One worker's private buffers: gradient rows for the rows touched in the current mini-batch,
/// found through dense id → slot maps (−1 = untouched). Allocated once per worker and epoch.
final class WorkerScratch {
    let stride: Int
    let entitySlot: UnsafeMutablePointer<Int32>
    let relationSlot: UnsafeMutablePointer<Int32>
    let entityGradients: UnsafeMutablePointer<Float>
    let relationGradients: UnsafeMutablePointer<Float>
    let touchedEntities: UnsafeMutablePointer<Int32>
    let touchedRelations: UnsafeMutablePointer<Int32>
    var touchedEntityCount = 0
    var touchedRelationCount = 0
    let residuals: UnsafeMutablePointer<Float>
    let negativeTriples: UnsafeMutablePointer<IndexedTriple>
    let negativeScores: UnsafeMutablePointer<Float>
    let negativeNorms: UnsafeMutablePointer<Float>
    let negativeGradients: UnsafeMutablePointer<Float>
    /// The mini-batch's negatives, slot order.
    let batchNegatives: UnsafeMutablePointer<IndexedTriple>
    /// A gradient row of zeros (dense updates of untouched rows).
    let zeroGradient: UnsafeMutablePointer<Float>
    /// Sum of touched values: consumed so the compiler keeps the look-ahead loads.
    var sink: Float = 0
    /// How many positives (or rows, in the update loop) ahead rows are touched.
    static let lookahead = 8
    private let entityCount: Int, relationCount: Int, maxEntitySlots: Int, maxRelationSlots: Int, negatives: Int

    init(entityCount: Int, relationCount: Int, stride: Int, maxEntitySlots: Int, maxRelationSlots: Int, negatives: Int, batchSize: Int = 1) {
        self.stride = stride
        self.entityCount = entityCount
        self.relationCount = relationCount
        self.maxEntitySlots = maxEntitySlots
        self.maxRelationSlots = maxRelationSlots
        self.negatives = negatives
        entitySlot = .allocate(capacity: entityCount)
        entitySlot.initialize(repeating: -1, count: entityCount)
        relationSlot = .allocate(capacity: relationCount)
        relationSlot.initialize(repeating: -1, count: relationCount)
        entityGradients = WorkerScratch.alignedFloats(maxEntitySlots * stride)
        relationGradients = WorkerScratch.alignedFloats(maxRelationSlots * stride)
        touchedEntities = .allocate(capacity: maxEntitySlots)
        touchedRelations = .allocate(capacity: maxRelationSlots)
        residuals = WorkerScratch.alignedFloats((negatives + 1) * stride)
        negativeTriples = .allocate(capacity: negatives)
        negativeTriples.initialize(repeating: IndexedTriple(head: 0, relation: 0, tail: 0), count: negatives)
        negativeScores = .allocate(capacity: negatives)
        negativeScores.initialize(repeating: 0, count: negatives)
        negativeNorms = .allocate(capacity: negatives)
        negativeNorms.initialize(repeating: 0, count: negatives)
        negativeGradients = .allocate(capacity: negatives)
        negativeGradients.initialize(repeating: 0, count: negatives)
        batchNegatives = .allocate(capacity: batchSize * negatives)
        batchNegatives.initialize(repeating: IndexedTriple(head: 0, relation: 0, tail: 0), count: batchSize * negatives)
        zeroGradient = WorkerScratch.alignedFloats(stride)
    }

    /// Writes the sink somewhere observable (a global the optimiser cannot prove unused).
    func publishSink() {
        if sink.isNaN { WorkerScratch.observedNaNSink.withLock { $0 = true } }
    }

    static let observedNaNSink = Mutex(false)

    deinit {
        entitySlot.deallocate()
        relationSlot.deallocate()
        UnsafeMutableRawPointer(entityGradients).deallocate()
        UnsafeMutableRawPointer(relationGradients).deallocate()
        touchedEntities.deallocate()
        touchedRelations.deallocate()
        UnsafeMutableRawPointer(residuals).deallocate()
        negativeTriples.deallocate()
        negativeScores.deallocate()
        negativeNorms.deallocate()
        negativeGradients.deallocate()
        batchNegatives.deallocate()
        UnsafeMutableRawPointer(zeroGradient).deallocate()
    }

    static func alignedFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = max(count, 8)
        let p = UnsafeMutableRawPointer.allocate(byteCount: n * 4, alignment: 64).bindMemory(to: Float.self, capacity: n)
        p.initialize(repeating: 0, count: n)
        return p
    }

    @inline(__always)
    func entityGradient(_ e: Int32) -> UnsafeMutablePointer<Float> {
        var slot = entitySlot[Int(e)]
        if slot < 0 {
            slot = Int32(truncatingIfNeeded: touchedEntityCount)
            entitySlot[Int(e)] = slot
            touchedEntities[touchedEntityCount] = e
            touchedEntityCount &+= 1
        }
        return entityGradients + Int(slot) &* stride
    }

    @inline(__always)
    func relationGradient(_ r: Int32) -> UnsafeMutablePointer<Float> {
        var slot = relationSlot[Int(r)]
        if slot < 0 {
            slot = Int32(truncatingIfNeeded: touchedRelationCount)
            relationSlot[Int(r)] = slot
            touchedRelations[touchedRelationCount] = r
            touchedRelationCount &+= 1
        }
        return relationGradients + Int(slot) &* stride
    }

    /// Adds ∂loss/∂θ for one scored triple given ∂loss/∂score: score = −‖d‖ with d = h + r − t,
    /// so ∂score/∂h = ∂score/∂r = −∂‖d‖/∂d and ∂score/∂t = +∂‖d‖/∂d.
    @inline(__always)
    func accumulate(_ t: IndexedTriple, residual: UnsafePointer<Float>, norm: Float, scoreGradient c: Float, distance: Distance) {
        VectorKernels.addNormGradient(residual: residual, norm: norm, coefficient: -c, into: entityGradient(t.head), stride: stride, distance: distance)
        VectorKernels.addNormGradient(residual: residual, norm: norm, coefficient: -c, into: relationGradient(t.relation), stride: stride, distance: distance)
        VectorKernels.addNormGradient(residual: residual, norm: norm, coefficient: c, into: entityGradient(t.tail), stride: stride, distance: distance)
    }

    /// One optimiser step per touched row, in first-touch order; clears the gradients and maps.
    @inline(__always)
    func apply<O: RowOptimizer>(entities: EmbeddingTable, relations: EmbeddingTable, entityOptimizer: O, relationOptimizer: O, iteration: Int, normalizeEntities: Bool, dense: Bool) {
        let ep = entityOptimizer.parameters(iteration: iteration)
        let rp = relationOptimizer.parameters(iteration: iteration)
        if dense {
            applyDense(entities: entities, relations: relations, entityOptimizer: entityOptimizer, relationOptimizer: relationOptimizer,
                       entityParameters: ep, relationParameters: rp, normalizeEntities: normalizeEntities)
            return
        }
        var sink: Float = 0
        for s in 0..<touchedEntityCount {
            if s + Self.lookahead < touchedEntityCount {
                let next = Int(touchedEntities[s + Self.lookahead])
                sink += VectorKernels.touch(entities.row(next), stride: stride) + entityOptimizer.touchState(row: next)
            }
            let e = Int(touchedEntities[s])
            let g = entityGradients + s &* stride
            let w = entities.row(e)
            entityOptimizer.step(row: e, weights: w, gradient: g, stride: stride, parameters: ep)
            if normalizeEntities { VectorKernels.normalize(w, stride: stride) }
            VectorKernels.zero(g, stride: stride)
            entitySlot[e] = -1
        }
        touchedEntityCount = 0
        self.sink += sink
        for s in 0..<touchedRelationCount {
            let r = Int(touchedRelations[s])
            let g = relationGradients + s &* stride
            relationOptimizer.step(row: r, weights: relations.row(r), gradient: g, stride: stride, parameters: rp)
            VectorKernels.zero(g, stride: stride)
            relationSlot[r] = -1
        }
        touchedRelationCount = 0
    }

    /// Dense variant of ``apply``: steps every row in id order, untouched rows with a zero gradient.
    private func applyDense<O: RowOptimizer>(
        entities: EmbeddingTable, relations: EmbeddingTable, entityOptimizer: O, relationOptimizer: O,
        entityParameters ep: O.StepParameters, relationParameters rp: O.StepParameters, normalizeEntities: Bool
    ) {
        for e in 0..<entities.rows {
            let slot = entitySlot[e]
            let g = slot >= 0 ? entityGradients + Int(slot) &* stride : zeroGradient
            let w = entities.row(e)
            entityOptimizer.step(row: e, weights: w, gradient: g, stride: stride, parameters: ep)
            if normalizeEntities { VectorKernels.normalize(w, stride: stride) }
            if slot >= 0 {
                VectorKernels.zero(g, stride: stride)
                entitySlot[e] = -1
            }
        }
        touchedEntityCount = 0
        for r in 0..<relations.rows {
            let slot = relationSlot[r]
            let g = slot >= 0 ? relationGradients + Int(slot) &* stride : zeroGradient
            relationOptimizer.step(row: r, weights: relations.row(r), gradient: g, stride: stride, parameters: rp)
            if slot >= 0 {
                VectorKernels.zero(g, stride: stride)
                relationSlot[r] = -1
            }
        }
        touchedRelationCount = 0
    }
}
