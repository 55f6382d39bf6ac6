import ArgumentParser
import Embedding
import Evaluation
import Foundation

/// `kgrec eval …`: evaluation protocols.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate models with the protocols of docs/evaluation.md.",
        subcommands: [EvalLinkPrediction.self, EvalRecommend.self, EvalColdStart.self, EvalStream.self, EvalCompare.self]
    )
}

extension TransE: LinkPredictionScorer {}

/// Options shared by every command that trains TransE (eval link-prediction, bench train, later `train`).
struct TransEOptions: ParsableArguments {
    @Option(help: "Embedding dimension.") var dim: Int = 100
    @Option(help: "Distance in the score: l1 | l2.", transform: TransEOptions.distance) var distance: Distance = .l1
    @Option(help: "Loss: margin | softplus | nssa.", transform: TransEOptions.loss) var loss: LossKind = .margin
    @Option(help: "Margin of the margin-ranking and nssa losses.") var margin: Float = 1
    @Option(help: "Self-adversarial temperature (nssa).") var temperature: Float = 1
    @Option(help: "Negatives per positive.") var negatives: Int = 10
    @Option(help: "Negative sampler: uniform | bernoulli.", transform: TransEOptions.sampler) var sampler: SamplerKind = .uniform
    @Option(help: "Optimiser: adam | adagrad | sgd.", transform: TransEOptions.optimizer) var optimizer: OptimizerKind = .adam
    @Option(help: "Learning rate.") var lr: Float = 0.01
    @Option(help: ArgumentHelp(
        "Optimiser updates per mini-batch: lazy | dense.",
        discussion: "lazy (default) steps only the rows the mini-batch touched; dense steps every row, as PyTorch's dense optimisers do when PyKEEN trains, so Adam's momentum keeps moving rows a mini-batch missed. Dense costs O(rows·dim) per mini-batch; on nations, kinships and umls it changed test MRR by less than the seed-to-seed spread."),
        transform: TransEOptions.updates)
    var updates: UpdateMode = .lazy
    @Option(help: "Positives per mini-batch.") var batch: Int = 256
    @Option(help: "Training epochs (maximum when early stopping).") var epochs: Int = 300
    @Option(help: "Random seed (initialisation, shuffling, negatives).") var seed: UInt64 = 42
    @Option(help: ArgumentHelp(
        "Training threads (Hogwild). Default: all cores for graphs of ≥ \(TransEOptions.hogwildMinimumEntities) entities, else 1. With 1 the run is reproducible bit for bit.",
        discussion: "Evaluation always uses all cores."))
    var threads: Int?

    /// Below this many entities nearly every mini-batch touches every row, so concurrent
    /// (Hogwild) updates collide constantly and cost accuracy; train those graphs on one thread.
    static let hogwildMinimumEntities = 10_000

    /// How the optimiser steps rows (see `--updates`).
    enum UpdateMode: String, CaseIterable { case lazy, dense }

    func trainingThreads(entityCount: Int) -> Int {
        threads ?? (entityCount >= Self.hogwildMinimumEntities ? ProcessInfo.processInfo.activeProcessorCount : 1)
    }

    func validate() throws {
        guard dim > 0 else { throw ValidationError("--dim must be positive, got \(dim)") }
        guard negatives > 0 else { throw ValidationError("--negatives must be positive, got \(negatives)") }
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        guard epochs >= 0 else { throw ValidationError("--epochs must be ≥ 0, got \(epochs)") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive, got \(threads)") }
        guard lr > 0 else { throw ValidationError("--lr must be positive, got \(lr)") }
    }

    func setup(entityCount: Int) -> TrainingSetup {
        var s = TrainingSetup()
        s.dimension = dim
        s.distance = distance
        s.loss = loss
        s.margin = margin
        s.adversarialTemperature = temperature
        s.sampler = sampler
        s.optimizer = optimizer
        s.learningRate = lr
        s.loop = TrainingConfiguration(batchSize: batch, negatives: negatives, threads: trainingThreads(entityCount: entityCount), seed: seed,
                                       denseUpdates: updates == .dense)
        return s
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ s: String, _ name: String) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: s.lowercased()) else {
            throw ValidationError("\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(s)'")
        }
        return v
    }
    static func distance(_ s: String) throws -> Distance { try choice(s, "--distance") }
    static func loss(_ s: String) throws -> LossKind { try choice(s, "--loss") }
    static func sampler(_ s: String) throws -> SamplerKind { try choice(s, "--sampler") }
    static func optimizer(_ s: String) throws -> OptimizerKind { try choice(s, "--optimizer") }
    static func updates(_ s: String) throws -> UpdateMode { try choice(s, "--updates") }
}

/// `kgrec eval link-prediction`: train TransE on a TSV split, optionally early-stop on validation
/// MRR, and report filtered link-prediction metrics on the test split (docs/evaluation.md protocol).
struct EvalLinkPrediction: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link-prediction",
        abstract: "Train TransE on --train, evaluate filtered MRR / Hits@k on --test (both sides, all entities).",
        discussion: "Triple files are head<TAB>relation<TAB>tail. Filtering uses every triple of train, valid and test."
    )

    @Option(help: "Training triples (TSV).") var train: String
    @Option(help: "Validation triples (TSV): filtered out when ranking test triples and, with --patience, used for early stopping (ranked with train ∪ valid filtered).") var valid: String?
    @Option(help: "Test triples (TSV).") var test: String
    @OptionGroup var model: TransEOptions
    @Option(help: "Early stopping: stop after this many validation checks without MRR improvement (needs --valid).")
    var patience: Int?
    @Option(help: "Validation check every N epochs (with --patience).") var evalEvery: Int = 10
    @Option(help: "Write one JSON line per epoch to this file ('-' = stderr).") var logJson: String?
    @Option(help: "Save the trained model to this file (kgrec embedding format).") var save: String?
    @Flag(help: "Print one JSON object with the figures instead of text.") var json = false
    @Flag(help: "No progress bar even on a terminal.") var noProgress = false

    func validate() throws {
        if patience != nil && valid == nil { throw ValidationError("--patience needs --valid") }
        guard evalEvery > 0 else { throw ValidationError("--eval-every must be positive") }
    }

    func run() throws {
        var vocabulary = TripleVocabulary()
        let trainTriples = try LabeledTripleReader.read(path: train, vocabulary: &vocabulary)
        let validTriples = try valid.map { try LabeledTripleReader.read(path: $0, vocabulary: &vocabulary) } ?? []
        let testTriples = try LabeledTripleReader.read(path: test, vocabulary: &vocabulary)
        guard vocabulary.entityCount >= 2 else { throw ValidationError("\(train): need at least two entities") }

        let setup = model.setup(entityCount: vocabulary.entityCount)
        let trainer = TransETraining.makeTrainer(
            setup: setup, triples: trainTriples, entityCount: vocabulary.entityCount, relationCount: vocabulary.relationCount)
        let all = (trainTriples + validTriples + testTriples).map(Self.lp)
        let filter = KnownTripleIndex(all)
        // Model selection must not see the test split: validation ranks filter train ∪ valid only.
        let validationFilter = KnownTripleIndex((trainTriples + validTriples).map(Self.lp))
        let evaluator = LinkPredictionEvaluator(threads: ProcessInfo.processInfo.activeProcessorCount)
        let loop = TransEEpochLoop(epochs: model.epochs, patience: patience, evalEvery: evalEvery, logJson: logJson, progress: !noProgress)
        let outcome = try loop.run(trainer: trainer, validation: patience == nil ? nil : { m in
            evaluator.evaluate(m, triples: validTriples.map(Self.lp), filter: validationFilter).both.meanReciprocalRank
        })
        let best = outcome.best
        let trainSeconds = outcome.trainSeconds
        let epochsRun = outcome.epochsRun
        let final = outcome.model
        if let save { try EmbeddingFile.save(final, to: save) }

        let clock = ContinuousClock()
        let t0 = clock.now
        let report = evaluator.evaluate(final, triples: testTriples.map(Self.lp), filter: filter)
        let evalSeconds = (clock.now - t0).asSeconds
        let m = report.both
        let tps = trainSeconds > 0 ? Double(trainTriples.count * epochsRun) / trainSeconds : 0
        if json {
            print(JSONText.object([
                ("mrr", JSONText.number(m.meanReciprocalRank)), ("hits_at_1", JSONText.number(m.hitsAt1)),
                ("hits_at_3", JSONText.number(m.hitsAt3)), ("hits_at_10", JSONText.number(m.hitsAt10)),
                ("mean_rank", JSONText.number(m.meanRank)),
                ("head", Self.metricsJSON(report.head)), ("tail", Self.metricsJSON(report.tail)),
                ("train_seconds", JSONText.number(trainSeconds)), ("triples_per_second", JSONText.number(tps)),
                ("eval_seconds", JSONText.number(evalSeconds)),
                ("epochs", "\(epochsRun)"), ("best_epoch", best.map { "\($0.epoch)" } ?? "null"),
                ("valid_mrr", best.map { JSONText.number($0.mrr) } ?? "null"),
                ("entities", "\(vocabulary.entityCount)"), ("relations", "\(vocabulary.relationCount)"),
                ("train_triples", "\(trainTriples.count)"), ("valid_triples", "\(validTriples.count)"),
                ("test_triples", "\(testTriples.count)"),
                ("config", Self.setupJSON(setup)),
            ]))
        } else {
            print("entities \(vocabulary.entityCount), relations \(vocabulary.relationCount), train \(trainTriples.count), valid \(validTriples.count), test \(testTriples.count)")
            print("trained \(epochsRun) epochs in \(fixedPoint(trainSeconds)) s (\(fixedPoint(tps, 0)) positive triples/s)"
                  + (best.map { ", best validation MRR \(fixedPoint($0.mrr, 4)) at epoch \($0.epoch)" } ?? ""))
            print("filtered test (both sides, \(m.count) ranks): MRR \(fixedPoint(m.meanReciprocalRank, 4))  H@1 \(fixedPoint(m.hitsAt1, 4))  H@3 \(fixedPoint(m.hitsAt3, 4))  H@10 \(fixedPoint(m.hitsAt10, 4))  MR \(fixedPoint(m.meanRank, 2))  (eval \(fixedPoint(evalSeconds, 3)) s)")
        }
    }

    static func lp(_ t: IndexedTriple) -> LinkPredictionTriple {
        LinkPredictionTriple(head: t.head, relation: t.relation, tail: t.tail)
    }

    static func metricsJSON(_ m: LinkPredictionMetrics) -> String {
        JSONText.object([
            ("mrr", JSONText.number(m.meanReciprocalRank)), ("hits_at_1", JSONText.number(m.hitsAt1)),
            ("hits_at_3", JSONText.number(m.hitsAt3)), ("hits_at_10", JSONText.number(m.hitsAt10)),
            ("mean_rank", JSONText.number(m.meanRank)),
        ])
    }

    static func setupJSON(_ s: TrainingSetup) -> String {
        JSONText.object([
            ("dim", "\(s.dimension)"), ("distance", JSONText.string(s.distance.rawValue)), ("loss", JSONText.string(s.loss.rawValue)),
            ("margin", JSONText.number(Double(s.margin))), ("temperature", JSONText.number(Double(s.adversarialTemperature))),
            ("negatives", "\(s.loop.negatives)"), ("sampler", JSONText.string(s.sampler.rawValue)),
            ("optimizer", JSONText.string(s.optimizer.rawValue)), ("lr", JSONText.number(Double(s.learningRate))),
            ("batch", "\(s.loop.batchSize)"), ("seed", "\(s.loop.seed)"), ("threads", "\(s.loop.threads)"),
            ("updates", JSONText.string(s.loop.denseUpdates ? "dense" : "lazy")),
        ])
    }
}

/// The epoch loop shared by every command that trains TransE (`eval link-prediction`, `train`):
/// a progress bar on a terminal, one JSON line per epoch with `--log-json`, and optional early
/// stopping on a validation MRR (the best model seen is kept).
struct TransEEpochLoop {
    var epochs: Int
    /// Validation checks without improvement before stopping; nil = no early stopping.
    var patience: Int?
    var evalEvery: Int
    var logJson: String?
    var progress: Bool

    struct Outcome {
        /// The best model on validation when early stopping, else the last one.
        var model: TransE
        var epochsRun: Int
        var trainSeconds: Double
        var lastLoss: Double
        /// Epoch and validation MRR of the kept model (early stopping only).
        var best: (epoch: Int, mrr: Double)?
        /// Positive triples per second of training wall time over all epochs.
        var triplesPerSecond: Double
    }

    /// Trains up to `epochs` epochs. `validation` (required with `patience`) scores a model by
    /// validation MRR every `evalEvery` epochs and after the last one.
    func run(trainer: any EpochRunner, validation: ((TransE) -> Double)?) throws -> Outcome {
        let log = try logJson.map { try JSONLineLog(path: $0) }
        let bar = EpochProgressBar(total: epochs, enabled: progress)
        var stopper = patience.map { EarlyStopping(patience: $0) }
        var best: (model: TransE, epoch: Int, mrr: Double)?
        var trainSeconds = 0.0, positives = 0, epochsRun = 0, lastLoss = 0.0
        for _ in 0..<epochs {
            let s = trainer.runEpoch()
            trainSeconds += s.seconds
            positives += s.positives
            epochsRun = s.epoch
            lastLoss = s.loss
            var fields: [(String, String)] = [
                ("epoch", "\(s.epoch)"), ("loss", JSONText.number(s.loss)), ("seconds", JSONText.number(s.seconds)),
                ("triples_per_second", JSONText.number(s.triplesPerSecond)),
            ]
            if var st = stopper, let validation, s.epoch % evalEvery == 0 || s.epoch == epochs {
                let mrr = validation(trainer.model)
                fields.append(("valid_mrr", JSONText.number(mrr)))
                if st.record(mrr, epoch: s.epoch) {
                    best = (TransE(entities: trainer.model.entities.copy(), relations: trainer.model.relations.copy(),
                                   distance: trainer.model.distance), s.epoch, mrr)
                }
                stopper = st
            }
            log?.write(JSONText.object(fields))
            bar.update(epoch: s.epoch, loss: s.loss, triplesPerSecond: s.triplesPerSecond, elapsed: trainSeconds)
            if let st = stopper, st.shouldStop { break }
        }
        bar.finish()
        return Outcome(model: best?.model ?? trainer.model, epochsRun: epochsRun, trainSeconds: trainSeconds, lastLoss: lastLoss,
                       best: best.map { ($0.epoch, $0.mrr) },
                       triplesPerSecond: trainSeconds > 0 ? Double(positives) / trainSeconds : 0)
    }
}

/// Minimal JSON text building (ordered keys, finite numbers).
enum JSONText {
    static func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// One JSON object per line to a file or stderr.
final class JSONLineLog {
    private let handle: FileHandle
    init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardError
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("--log-json: cannot create \(path)")
            }
            handle = h
        }
    }
    func write(_ line: String) { handle.write(Data((line + "\n").utf8)) }
}

/// A one-line epoch progress bar on stderr (only when stderr is a terminal).
final class EpochProgressBar {
    private let total: Int
    private let enabled: Bool
    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(2) != 0 && total > 0
    }
    func update(epoch: Int, loss: Double, triplesPerSecond: Double, elapsed: Double) {
        guard enabled else { return }
        let width = 30
        let done = min(width, epoch * width / total)
        let eta = epoch > 0 ? elapsed / Double(epoch) * Double(total - epoch) : 0
        let bar = String(repeating: "=", count: done) + (done < width ? ">" : "") + String(repeating: " ", count: max(0, width - done - 1))
        let line = "\repoch \(epoch)/\(total) [\(bar)] loss \(fixedPoint(loss, 4))  \(fixedPoint(triplesPerSecond / 1e6, 2))M triples/s  ETA \(fixedPoint(eta, 0))s  "
        FileHandle.standardError.write(Data(line.utf8))
    }
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

func fixedPoint(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

extension Duration {
    var asSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
