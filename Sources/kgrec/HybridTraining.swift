import ArgumentParser
import Foundation
import Recommender
import Store

/// The hybrid path of `kgrec train --store DIR`: trains on the store's positives (or on a split
/// file read against the store's catalogue) and registers the model (kind "hybrid").
enum HybridTraining {
    static let kind = "hybrid"

    struct Metrics: Encodable {
        var train_seconds: Double
        var users: Int
        var items: Int
        var positives: Int
        var kg_triples: Int
        var embedding_seconds: Double
        var propagation_seconds: Double
        var embedding_loss: Double?
        var feedback_events: Int
        var feedback_positives_added: Int
        var feedback_pairs_removed: Int
        var feedback_events_skipped: Int
    }

    /// What folding the feedback log into the training positives did.
    struct FeedbackFold {
        var events = 0
        var added = 0
        var removed = 0
        /// Events naming a user or item the store does not know (import them to include them).
        var skipped = 0
        var lastSeq: Int64 = 0
    }

    /// The positives plus every logged feedback event up to the log's end, applied in `seq` order:
    /// an event whose weight (``FeedbackWeights``: like, purchase, rating ≥ threshold) is at least
    /// 1 adds the (user, item) pair; a dislike or a low rating with negative weight removes it.
    /// Views and clicks only mark items as seen and leave the positives alone.
    static func foldFeedback(into positives: InteractionMatrix, store: KGStore, catalogue: StoreCatalogue,
                             weights: FeedbackWeights) throws -> (InteractionMatrix, FeedbackFold) {
        var fold = FeedbackFold()
        var pairs = Set<Int64>()
        for u in 0..<positives.userCount { for i in positives.items(of: u) { pairs.insert(Int64(u) << 32 | Int64(i)) } }
        for stored in try store.events() {
            fold.events += 1
            fold.lastSeq = stored.seq
            let e = stored.event
            guard let u = catalogue.users.id(e.user), let i = catalogue.items.id(e.item),
                  Int(u) < positives.userCount, Int(i) < positives.itemCount else { fold.skipped += 1; continue }
            let key = Int64(u) << 32 | Int64(i)
            let w = weights.weight(e.kind, value: e.value)
            if w >= 1 {
                if pairs.insert(key).inserted { fold.added += 1 }
            } else if w < 0 {
                if pairs.remove(key) != nil { fold.removed += 1 }
            }
        }
        let list = pairs.sorted().map { (user: Int32($0 >> 32), item: Int32($0 & 0xFFFF_FFFF)) }
        return (InteractionMatrix(userCount: positives.userCount, itemCount: positives.itemCount, pairs: list), fold)
    }

    /// Trains and registers; returns the registry record and the training report.
    /// - Parameter incremental: also fold the feedback log into the positives (``foldFeedback``)
    ///   and record its last `seq` with the model; refuses when no event arrived since the latest
    ///   hybrid model (unless there is none yet).
    static func run(
        storePath: String, trainFile: String?, ratingThreshold: Double, configuration: HybridConfiguration,
        incremental: Bool = false
    ) throws -> (ModelRecord, HybridTrainingReport, HybridRecommender, FeedbackFold) {
        let store = try KGStore.open(at: storePath, create: false)
        let catalogue = try StoreCatalogue.load(from: store)
        var positives: InteractionMatrix
        if let trainFile {
            let data = try catalogue.dataset(trainPath: trainFile, testPath: nil, ratingThreshold: ratingThreshold)
            guard data.users.count == catalogue.users.count else {
                throw ValidationError("\(trainFile): \(data.users.count - catalogue.users.count) users are not in the store; import them first")
            }
            positives = data.train
        } else {
            positives = catalogue.positives(ratingThreshold: ratingThreshold)
        }
        var fold = FeedbackFold()
        if incremental {
            let last = try store.lastEventSeq()
            if let previous = try store.latestModel(kind: kind), Int64(previous.lastEventSeq) >= last {
                throw ValidationError("no feedback events since hybrid model \(previous.id) (log ends at seq \(last)); nothing to train")
            }
            var weights = FeedbackWeights()
            weights.ratingThreshold = ratingThreshold
            (positives, fold) = try foldFeedback(into: positives, store: store, catalogue: catalogue, weights: weights)
        }
        guard positives.count > 0 else { throw ValidationError("no positive interactions to train on (rating ≥ \(ratingThreshold))") }
        let kg = catalogue.knowledgeGraph.triples.isEmpty ? nil : catalogue.knowledgeGraph
        let (model, report) = try HybridTrainer.train(positives, knowledgeGraph: kg, configuration: configuration)
        let metrics = Metrics(
            train_seconds: report.totalSeconds, users: positives.userCount, items: positives.itemCount, positives: positives.count,
            kg_triples: kg?.triples.count ?? 0, embedding_seconds: report.embeddingSeconds,
            propagation_seconds: report.propagationSeconds, embedding_loss: report.embeddingLoss,
            feedback_events: fold.events, feedback_positives_added: fold.added, feedback_pairs_removed: fold.removed,
            feedback_events_skipped: fold.skipped)
        let record = try store.registerModel(kind: kind, configuration: configuration, metrics: metrics,
                                             lastEventSeq: Int(fold.lastSeq)) { directory in
            try HybridModelFile.save(model, directory: directory)
        }
        return (record, report, model, fold)
    }

    /// The registered hybrid model `id`, or the latest one.
    static func load(store: KGStore, id: Int?) throws -> (ModelRecord, HybridRecommender) {
        let record: ModelRecord
        if let id {
            guard let r = try store.model(id: id), r.kind == kind else {
                throw ValidationError("\(store.directory): no hybrid model with id \(id) (see `kgrec stats --store`)")
            }
            record = r
        } else {
            guard let r = try store.latestModel(kind: kind) else {
                throw ValidationError("\(store.directory): no trained hybrid model; run `kgrec train --store \(store.directory)` first")
            }
            record = r
        }
        return (record, try HybridModelFile.load(directory: store.modelDirectory(id: record.id)))
    }
}
