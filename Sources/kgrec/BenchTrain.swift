import ArgumentParser
import Dispatch
import Embedding
import Foundation

/// `kgrec bench train`: TransE training throughput (positive triples per second of training wall
/// time) on a TSV graph or a generated one, beside PyKEEN's reference from docs/evaluation.md.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Measure TransE training throughput (positive triples/s), PyKEEN reference beside it.",
        discussion: """
            Without --tsv a seeded graph of --triples triples over --entities entities and --relations relations is generated.
            Defaults follow the issue's speed target: dim 100, 1 negative, 2 threads. Use a release build.
            """
    )

    @Option(help: "Triples file (head<TAB>relation<TAB>tail). Omit to generate a graph.") var tsv: String?
    @Option(help: "Generated graph: triples.") var triples: Int = 1_000_000
    @Option(help: "Generated graph: entities.") var entities: Int = 100_000
    @Option(help: "Generated graph: relations.") var relations: Int = 50
    @Option(help: "Embedding dimension.") var dim: Int = 100
    @Option(help: "Distance: l1 | l2.", transform: TransEOptions.distance) var distance: Distance = .l1
    @Option(help: "Loss: margin | softplus | nssa.", transform: TransEOptions.loss) var loss: LossKind = .margin
    @Option(help: "Negatives per positive.") var negatives: Int = 1
    @Option(help: "Negative sampler: uniform | bernoulli.", transform: TransEOptions.sampler) var sampler: SamplerKind = .uniform
    @Option(help: "Optimiser: adam | adagrad | sgd.", transform: TransEOptions.optimizer) var optimizer: OptimizerKind = .adam
    @Option(help: "Learning rate.") var lr: Float = 0.01
    @Option(help: "Positives per mini-batch.") var batch: Int = 1024
    @Option(help: "Worker threads.") var threads: Int = 2
    @Option(help: "Measured epochs (after one warm-up epoch).") var epochs: Int = 3
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: ArgumentHelp(
        "Scaling run: comma-separated triple counts (e.g. 100000,200000,400000,700000,1000000,1400000); each generated graph gets triples / --triples-per-entity entities.",
        valueName: "counts"))
    var scaling: String?
    @Option(help: "Scaling run: triples per entity.") var triplesPerEntity: Int = 10
    @Flag(help: "Also measure this machine's memory bandwidth (STREAM-style copy and triad on --threads threads) and the bound it puts on training throughput.")
    var bandwidth = false

    func validate() throws {
        guard dim > 0, negatives > 0, batch > 0, threads > 0, epochs > 0 else {
            throw ValidationError("--dim, --negatives, --batch, --threads and --epochs must be positive")
        }
        if tsv == nil { guard triples > 0, entities >= 2, relations >= 1 else { throw ValidationError("generated graph needs --triples > 0, --entities ≥ 2, --relations ≥ 1") } }
    }

    func run() throws {
        let measured = bandwidth ? MemoryBandwidth.measure(threads: threads) : nil
        if let m = measured {
            print("memory bandwidth (\(threads) thread(s), \(m.arrayMiB) MiB arrays, best of \(m.repetitions)): copy \(fixedPoint(m.copy / 1e9, 2)) GB/s, triad \(fixedPoint(m.triad / 1e9, 2)) GB/s")
        }
        if let scaling {
            let sizes = scaling.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), triplesPerEntity > 0 else {
                throw ValidationError("--scaling expects positive comma-separated triple counts, got '\(scaling)'")
            }
            print("triples\tentities\tepoch_s\twall_M_per_s\tcpu_normalised_M_per_s\tmodel_state_MiB")
            for n in sizes {
                var run = self
                run.scaling = nil
                run.tsv = nil
                run.triples = n
                run.entities = max(2, n / triplesPerEntity)
                let r = try run.measure()
                print("\(n)\t\(run.entities)\t\(fixedPoint(r.epochSeconds, 3))\t\(fixedPoint(r.wall / 1e6, 3))\t\(fixedPoint(r.cpu / 1e6, 3))\t\(r.stateBytes / 1_048_576)")
            }
            return
        }
        let r = try measure(report: true)
        if let m = measured {
            // DRAM traffic per positive when its rows are not cached: every distinct entity row a
            // positive and its negatives touch (head, tail, one corrupted entity per negative) is
            // read once and written back once, weights and optimiser state. (The optimiser's
            // second read of a row hits the cache: a mini-batch's rows fit in L3.)
            let row = Double(r.stride * 4)
            let stateRow = Double(r.stateFloatsPerRow * 4)
            let rowsPerPositive = Double(2 + negatives)
            let bytesPerPositive = rowsPerPositive * 2 * (row + stateRow)
            let bound = m.copy / bytesPerPositive
            print("bandwidth bound: \(fixedPoint(rowsPerPositive, 0)) entity rows per positive × 2 (read + write back) × (\(Int(row)) B weights + \(Int(stateRow)) B optimiser state) = \(Int(bytesPerPositive)) B per positive → at most \(fixedPoint(bound / 1e6, 2)) M positives/s at the copy bandwidth (2.5 M/s would need \(fixedPoint(2.5e6 * bytesPerPositive / 1e9, 1)) GB/s); measured \(fixedPoint(r.wall / 1e6, 2)) M/s wall = \(fixedPoint(100 * r.wall / bound, 0))% of it. Tables smaller than the last-level cache, and frequent entities, are served partly from cache and can beat this bound.")
        }
    }

    /// Trains `epochs` measured epochs (after a warm-up) and returns median figures; prints the
    /// full report when `report` is set.
    @discardableResult
    func measure(report: Bool = false) throws -> (wall: Double, cpu: Double, epochSeconds: Double, stateBytes: Int, stride: Int, stateFloatsPerRow: Int) {
        let graph: [IndexedTriple]
        let entityCount: Int, relationCount: Int, source: String
        if let tsv {
            var vocabulary = TripleVocabulary()
            graph = try LabeledTripleReader.read(path: tsv, vocabulary: &vocabulary)
            entityCount = vocabulary.entityCount
            relationCount = vocabulary.relationCount
            source = tsv
        } else {
            graph = SyntheticGraph.generate(entityCount: entities, relationCount: relations, tripleCount: triples, seed: seed)
            entityCount = entities
            relationCount = relations
            source = "generated"
        }
        var setup = TrainingSetup()
        setup.dimension = dim
        setup.distance = distance
        setup.loss = loss
        setup.sampler = sampler
        setup.optimizer = optimizer
        setup.learningRate = lr
        setup.loop = TrainingConfiguration(batchSize: batch, negatives: negatives, threads: threads, seed: seed)
        let trainer = TransETraining.makeTrainer(setup: setup, triples: graph, entityCount: entityCount, relationCount: relationCount)

        _ = trainer.runEpoch()  // warm-up: page in tables and optimiser state
        var rates: [Double] = []
        var cpuRates: [Double] = []
        var seconds: [Double] = []
        for _ in 0..<epochs {
            let cpu0 = CPUClock.now()
            let s = trainer.runEpoch()
            let cpu = CPUClock.now() - cpu0
            rates.append(s.triplesPerSecond)
            // Throughput if each thread had had a core to itself: positives / (CPU seconds / threads).
            cpuRates.append(cpu > 0 ? Double(s.positives) / (cpu / Double(threads)) : 0)
            seconds.append(s.seconds)
            if report && !json {
                FileHandle.standardError.write(Data("epoch \(s.epoch): \(fixedPoint(s.seconds, 3)) s wall, \(fixedPoint(cpu, 3)) s CPU, \(fixedPoint(s.triplesPerSecond / 1e6, 3)) M triples/s, loss \(fixedPoint(s.loss, 4))\n".utf8))
            }
        }
        let median = rates.sorted()[rates.count / 2]
        let cpuMedian = cpuRates.sorted()[cpuRates.count / 2]
        let medianSeconds = seconds.sorted()[seconds.count / 2]
        let stride = trainer.model.entities.stride
        let vectorBytes = (entityCount + relationCount) * stride * 4
        let optimizerBytes = trainer.optimizerStateBytes
        let tripleBytes = graph.count * MemoryLayout<IndexedTriple>.stride  // shuffled in place, no index array
        // Per worker: id → slot maps (4 B per entity and relation) and gradient rows for one mini-batch.
        let scratchBytes = threads * ((entityCount + relationCount) * 4 + min(entityCount, batch * (2 + negatives)) * stride * 4)
        let perEntity = Double(vectorBytes + optimizerBytes) / Double(entityCount + relationCount)
        // PyKEEN 1.11.1 references from docs/evaluation.md (2 threads, 1 negative), chosen by graph size.
        let (pykeen, pykeenGraph): (Double, String) =
            graph.count < 50_000 ? (250_000, "nations/kinships/umls-sized graphs")
            : graph.count <= 200_000 ? (21_000, "ML-100K Freebase KG, 91,631 triples, batch 1024")
            : (1_900, "642k-triple, 243k-entity ontology graph")
        let stateFloatsPerRow = entityCount > 0 ? trainer.optimizerStateBytes / 4 / (entityCount + relationCount) : 0
        let result = (wall: median, cpu: cpuMedian, epochSeconds: medianSeconds, stateBytes: vectorBytes + optimizerBytes,
                      stride: stride, stateFloatsPerRow: stateFloatsPerRow)
        guard report else { return result }
        if json {
            print(JSONText.object([
                ("source", JSONText.string(source)), ("entities", "\(entityCount)"), ("relations", "\(relationCount)"),
                ("triples", "\(graph.count)"), ("dim", "\(dim)"), ("negatives", "\(negatives)"), ("batch", "\(batch)"),
                ("threads", "\(threads)"), ("optimizer", JSONText.string(optimizer.rawValue)),
                ("triples_per_second", JSONText.number(median)), ("epoch_seconds", JSONText.number(medianSeconds)),
                ("cpu_normalised_triples_per_second", JSONText.number(cpuMedian)),
                ("load_average", JSONText.number(oneMinuteLoadAverage())),
                ("all_triples_per_second", "[" + rates.map { JSONText.number($0) }.joined(separator: ", ") + "]"),
                ("bytes_per_entity", JSONText.number(perEntity)), ("bytes_per_triple", JSONText.number(Double(tripleBytes) / Double(max(1, graph.count)))),
                ("model_and_state_bytes", "\(vectorBytes + optimizerBytes)"), ("worker_scratch_bytes", "\(scratchBytes)"),
                ("pykeen_triples_per_second", JSONText.number(pykeen)), ("pykeen_reference_graph", JSONText.string(pykeenGraph)), ("speedup_vs_pykeen", JSONText.number(median / pykeen)),
            ]))
        } else {
            print("graph: \(source), \(entityCount) entities, \(relationCount) relations, \(graph.count) triples")
            print("config: dim \(dim), \(distance.rawValue), \(loss.rawValue) loss, \(negatives) negative(s), \(sampler.rawValue) sampler, \(optimizer.rawValue) lr \(lr), batch \(batch), \(threads) thread(s)")
            print("kgrec:  \(fixedPoint(median / 1e6, 3)) M positive triples/s (median of \(epochs) epochs, \(fixedPoint(medianSeconds, 3)) s/epoch wall)")
            print("        \(fixedPoint(cpuMedian / 1e6, 3)) M/s CPU-normalised (positives per CPU-second × threads; load average \(fixedPoint(oneMinuteLoadAverage(), 2)) — wall figures are only valid on a quiet machine)")
            print("PyKEEN: \(fixedPoint(pykeen / 1e6, 3)) M positive triples/s (docs/evaluation.md reference on \(pykeenGraph); 2 threads, 1 negative) → ×\(fixedPoint(median / pykeen, 1))")
            print("memory: vectors \(vectorBytes / 1_048_576) MiB + optimiser state \(optimizerBytes / 1_048_576) MiB = \(fixedPoint(perEntity, 0)) B per entity/relation row; triples \(fixedPoint(Double(tripleBytes) / Double(max(1, graph.count)), 0)) B per triple; worker scratch \(scratchBytes / 1_048_576) MiB")
        }
        return result
    }
}

/// One-minute load average (0 when unavailable).
func oneMinuteLoadAverage() -> Double {
    var l = [Double](repeating: 0, count: 3)
    return getloadavg(&l, 3) > 0 ? l[0] : 0
}

/// A STREAM-style measurement (McCalpin) of sustainable memory bandwidth: `copy` (c = a, 8 bytes
/// moved per element) and `triad` (a = b + s·c, 12 bytes per element) over arrays far larger than
/// the caches, split across threads; the best of several repetitions, as STREAM reports.
enum MemoryBandwidth {
    static func measure(threads: Int, elements: Int = 32 << 20, repetitions: Int = 5)
        -> (copy: Double, triad: Double, arrayMiB: Int, repetitions: Int) {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: elements)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        let buffers = Buffers(a: a, b: b, c: c)
        let chunk = (elements + threads - 1) / threads
        // First touch by the threads that use each part (pages land near them).
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let (lo, hi) = (t * chunk, min(elements, (t + 1) * chunk))
            for i in lo..<hi { buffers.a[i] = 1; buffers.b[i] = 2; buffers.c[i] = 0 }
        }
        func timed(_ body: @escaping @Sendable (Int, Int) -> Void) -> Double {
            let clock = ContinuousClock()
            let start = clock.now
            DispatchQueue.concurrentPerform(iterations: threads) { t in body(t * chunk, min(elements, (t + 1) * chunk)) }
            return (clock.now - start).asSeconds
        }
        var bestCopy = Double.infinity, bestTriad = Double.infinity
        for _ in 0..<repetitions {
            bestCopy = min(bestCopy, timed { lo, hi in
                let (src, dst) = (buffers.a, buffers.c)
                for i in lo..<hi { dst[i] = src[i] }
            })
            bestTriad = min(bestTriad, timed { lo, hi in
                let (x, y, z) = (buffers.a, buffers.b, buffers.c)
                for i in lo..<hi { x[i] = y[i] + 3 * z[i] }
            })
        }
        let n = Double(elements)
        return (n * 8 / bestCopy, n * 12 / bestTriad, (elements * 4) >> 20, repetitions)
    }

    /// The three arrays, shared by the measuring threads (each writes only its own part).
    struct Buffers: @unchecked Sendable {
        let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    }
}
