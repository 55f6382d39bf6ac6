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
    }

    /// Trains and registers; returns the registry record and the training report.
    static func run(
        storePath: String, trainFile: String?, ratingThreshold: Double, configuration: HybridConfiguration
    ) throws -> (ModelRecord, HybridTrainingReport, HybridRecommender) {
        let store = try KGStore.open(at: storePath, create: false)
        let catalogue = try StoreCatalogue.load(from: store)
        let positives: InteractionMatrix
        if let trainFile {
            let data = try catalogue.dataset(trainPath: trainFile, testPath: nil, ratingThreshold: ratingThreshold)
            guard data.users.count == catalogue.users.count else {
                throw ValidationError("\(trainFile): \(data.users.count - catalogue.users.count) users are not in the store; import them first")
            }
            positives = data.train
        } else {
            positives = catalogue.positives(ratingThreshold: ratingThreshold)
        }
        guard positives.count > 0 else { throw ValidationError("no positive interactions to train on (rating ≥ \(ratingThreshold))") }
        let kg = catalogue.knowledgeGraph.triples.isEmpty ? nil : catalogue.knowledgeGraph
        let (model, report) = try HybridTrainer.train(positives, knowledgeGraph: kg, configuration: configuration)
        let metrics = Metrics(
            train_seconds: report.totalSeconds, users: positives.userCount, items: positives.itemCount, positives: positives.count,
            kg_triples: kg?.triples.count ?? 0, embedding_seconds: report.embeddingSeconds,
            propagation_seconds: report.propagationSeconds, embedding_loss: report.embeddingLoss)
        let record = try store.registerModel(kind: kind, configuration: configuration, metrics: metrics) { directory in
            try HybridModelFile.save(model, directory: directory)
        }
        return (record, report, model)
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
