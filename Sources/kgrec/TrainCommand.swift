import ArgumentParser
import Embedding
import Evaluation
import Foundation
import KnowledgeGraph
import Store

/// `kgrec train --store DIR [--kg-only]`: trains a model on the store's data and registers it in
/// the store's model registry (`models/<id>/`).
///
/// Without `--kg-only`: the hybrid recommender (kind `"hybrid"`, ``HybridTraining``) on the store's
/// interactions (or `--train FILE`) and KG. With `--kg-only`: TransE on the knowledge graph alone
/// (kind `"transe"`).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on the store's data and save it into the store's model registry.",
        discussion: """
            Without --kg-only: trains the hybrid recommender (item autoencoder + propagation walk + joint \
            BPR/TransE embedding, settings under "Hybrid model") on the store's positives (rating ≥ \
            --ratings-threshold) or on --train FILE, for `kgrec recommend --store`. --seed and --threads apply to both.
            --kg-only trains TransE embeddings of the store's knowledge graph (entity ids are the store's, so vectors \
            line up with `kgrec export embeddings`); the TransE options apply to it.
            """
    )

    @OptionGroup var storeOption: StoreOption
    @Flag(help: "Train graph embeddings (TransE) on the knowledge graph only.") var kgOnly = false
    @OptionGroup(title: "TransE (--kg-only)") var model: TransEOptions
    @OptionGroup(title: "Hybrid model") var hybrid: HybridOptions
    @Option(help: "Hybrid: train on this split file (user, item[, rating…]) instead of all the store's interactions.") var train: String?
    @Option(help: "Hybrid: ratings ≥ this are positives.") var ratingsThreshold: Double = 4
    @Flag(help: "Hybrid: also train on the feedback log (kgrec feedback) — likes, purchases and high ratings add positives, dislikes remove them — and record the log position with the model; refuses when nothing arrived since the latest model.")
    var incremental = false
    @Option(help: "Hold out this fraction of the graph's triples (seeded) for validation; needed by --patience.")
    var validFraction: Double?
    @Option(help: "Early stopping: stop after this many validation checks without MRR improvement (needs --valid-fraction).")
    var patience: Int?
    @Option(help: "Validation check every N epochs.") var evalEvery: Int = 10
    @Option(help: "Write one JSON line per epoch to this file ('-' = stderr).") var logJson: String?
    @Flag(help: "Print one JSON object describing the registered model instead of text.") var json = false
    @Flag(help: "No progress bar even on a terminal.") var noProgress = false

    /// Registry kind of models trained by `--kg-only`.
    static let transEKind = "transe"

    func validate() throws {
        if let f = validFraction, !(f > 0 && f < 1) { throw ValidationError("--valid-fraction must be in (0, 1), got \(f)") }
        if patience != nil && validFraction == nil { throw ValidationError("--patience needs --valid-fraction") }
        if let patience, patience <= 0 { throw ValidationError("--patience must be positive, got \(patience)") }
        guard evalEvery > 0 else { throw ValidationError("--eval-every must be positive") }
    }

    func run() throws {
        try reportingErrors {
            if kgOnly {
                guard !incremental else { throw ValidationError("--incremental applies to the hybrid model, not to --kg-only") }
                try trainKnowledgeGraphOnly()
            } else {
                try trainHybrid()
            }
        }
    }

    /// The hybrid recommender, registered as kind "hybrid".
    func trainHybrid() throws {
        let c = hybrid.configuration(seed: model.seed, threads: model.threads ?? 1)
        let (record, report, m, fold) = try HybridTraining.run(
            storePath: storeOption.path, trainFile: train, ratingThreshold: ratingsThreshold, configuration: c, incremental: incremental)
        if json {
            print("{\"model\": \(record.id), \"kind\": \"hybrid\", \"train_seconds\": \(report.totalSeconds), \"users\": \(m.interactions.userCount), \"items\": \(m.itemCount), \"positives\": \(m.interactions.count)}")
        } else {
            print("trained hybrid model \(record.id) on \(m.interactions.count) positives of \(m.interactions.userCount) users × \(m.itemCount) items in \(String(format: "%.2f", report.totalSeconds)) s (embedding \(String(format: "%.2f", report.embeddingSeconds)) s, propagation \(String(format: "%.2f", report.propagationSeconds)) s)")
            if incremental {
                print("feedback log up to seq \(fold.lastSeq): \(fold.events) events, +\(fold.added) positives, −\(fold.removed) removed, \(fold.skipped) skipped (user or item not in the store)")
            }
            print("saved to \(storeOption.path)/models/\(record.id)")
        }
    }

    /// TransE on the store's graph, registered as kind ``transEKind`` with ``TrainedModelBundle`` files.
    func trainKnowledgeGraphOnly() throws {
        let store = try KGStore.open(at: storeOption.path, create: false)
        let graph = store.graph
        let all = Self.indexedTriples(of: graph)
        guard !all.isEmpty, graph.entities.count >= 2 else { throw TrainCommandError.emptyGraph(store: store.directory) }
        let entityCount = graph.entities.count, relationCount = graph.relations.count

        var trainTriples = all
        var validTriples: [IndexedTriple] = []
        if let fraction = validFraction {
            (trainTriples, validTriples) = Self.split(all, validFraction: fraction, seed: model.seed)
        }
        let setup = model.setup(entityCount: entityCount)
        let trainer = TransETraining.makeTrainer(setup: setup, triples: trainTriples, entityCount: entityCount, relationCount: relationCount)
        let evaluator = LinkPredictionEvaluator(threads: ProcessInfo.processInfo.activeProcessorCount)
        let validationQueries = validTriples.map(EvalLinkPrediction.lp)
        let filter = validTriples.isEmpty ? nil : KnownTripleIndex(all.map(EvalLinkPrediction.lp))
        let loop = TransEEpochLoop(epochs: model.epochs, patience: patience, evalEvery: evalEvery, logJson: logJson, progress: !noProgress)
        let outcome = try loop.run(trainer: trainer, validation: filter.map { f in
            { m in evaluator.evaluate(m, triples: validationQueries, filter: f).both.meanReciprocalRank }
        })

        var metrics: [String: Double] = [
            "train_seconds": outcome.trainSeconds, "triples_per_second": outcome.triplesPerSecond,
            "final_loss": outcome.lastLoss, "train_triples": Double(trainTriples.count),
            "valid_triples": Double(validTriples.count), "entities": Double(entityCount), "relations": Double(relationCount),
        ]
        if let best = outcome.best {
            metrics["valid_mrr"] = best.mrr
            metrics["best_epoch"] = Double(best.epoch)
        }
        let bundle = TrainedModelBundle(model: outcome.model, record: .init(setup: setup, epochs: outcome.epochsRun, metrics: metrics))
        let record = try store.registerModel(kind: Self.transEKind, configuration: setup, metrics: metrics) { dir in
            try bundle.write(to: dir)
        }
        let directory = store.modelDirectory(id: record.id)
        if json {
            writeStandardOutput(JSONText.object([
                ("model_id", "\(record.id)"), ("kind", JSONText.string(record.kind)), ("directory", JSONText.string(directory)),
                ("graph_generation", "\(record.graphGeneration)"), ("epochs", "\(outcome.epochsRun)"),
                ("entities", "\(entityCount)"), ("relations", "\(relationCount)"),
                ("train_triples", "\(trainTriples.count)"), ("valid_triples", "\(validTriples.count)"),
                ("train_seconds", JSONText.number(outcome.trainSeconds)),
                ("triples_per_second", JSONText.number(outcome.triplesPerSecond)), ("final_loss", JSONText.number(outcome.lastLoss)),
                ("valid_mrr", outcome.best.map { JSONText.number($0.mrr) } ?? "null"),
                ("best_epoch", outcome.best.map { "\($0.epoch)" } ?? "null"),
                ("config", EvalLinkPrediction.setupJSON(setup)),
            ]) + "\n")
        } else {
            writeStandardOutput("""
                graph generation \(record.graphGeneration): \(entityCount) entities, \(relationCount) relations, \(trainTriples.count) training triples\(validTriples.isEmpty ? "" : ", \(validTriples.count) held out")
                trained \(outcome.epochsRun) epochs in \(fixedPoint(outcome.trainSeconds)) s (\(fixedPoint(outcome.triplesPerSecond, 0)) positive triples/s), final loss \(fixedPoint(outcome.lastLoss, 4))\(outcome.best.map { ", best validation MRR \(fixedPoint($0.mrr, 4)) at epoch \($0.epoch)" } ?? "")
                registered model \(record.id) (\(record.kind)) in \(directory)

                """)
        }
    }

    /// Every edge of the graph as a training triple (CSR order). Entity and relation ids are the
    /// graph's (the store's), so model rows line up with store labels.
    static func indexedTriples(of graph: KnowledgeGraph) -> [IndexedTriple] {
        let csr = graph.graph
        var out: [IndexedTriple] = []
        out.reserveCapacity(csr.edgeCount)
        for h in 0..<csr.nodeCount {
            for e in Int(csr.outOffsets[h])..<Int(csr.outOffsets[h + 1]) {
                out.append(IndexedTriple(head: Int32(h), relation: Int32(csr.outRelations[e]), tail: csr.outTargets[e]))
            }
        }
        return out
    }

    /// A seeded random split: about `validFraction` of the triples (at least one) for validation.
    static func split(_ triples: [IndexedTriple], validFraction: Double, seed: UInt64) -> (train: [IndexedTriple], valid: [IndexedTriple]) {
        var shuffled = triples
        var rng = Xoshiro256StarStar(seed: seed, stream: 0x5641_4C49)
        shuffled.shuffle(using: &rng)
        let n = min(max(1, Int((Double(triples.count) * validFraction).rounded())), triples.count - 1)
        return (Array(shuffled[n...]), Array(shuffled[..<n]))
    }
}

/// Why `kgrec train` refused to run.
enum TrainCommandError: Error, CustomStringConvertible {
    /// The store holds no graph triples to train on.
    case emptyGraph(store: String)

    var description: String {
        switch self {
        case .emptyGraph(let s):
            return "\(s): the store's knowledge graph has no triples to train on (import a graph first)"
        }
    }
}
