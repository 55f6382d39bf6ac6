import Embedding
import Foundation
import Recommender
import Store

/// The warm model the CLI explains, with the store data it came from.
///
/// The latest registered hybrid model (`kgrec train --store`), so explanations explain what
/// `kgrec recommend` returns; a store without one gets a hybrid trained in-process from its
/// positives with the default configuration (about a second on MovieLens-100K).
struct WarmModel {
    let catalogue: StoreCatalogue
    let positives: InteractionMatrix
    let configuration: HybridConfiguration
    let recommender: HybridRecommender
    let trainingSeconds: Double

    static func load(store path: String, ratingThreshold: Double = 4) throws -> WarmModel {
        let store = try KGStore.open(at: path, create: false)
        let catalogue = try StoreCatalogue.load(from: store)
        if let record = try store.latestModel(kind: HybridTraining.kind) {
            let recommender = try HybridModelFile.load(directory: store.modelDirectory(id: record.id))
            guard recommender.itemCount == catalogue.items.count, recommender.interactions.userCount <= catalogue.users.count else {
                throw ValidationError("\(path): hybrid model \(record.id) was trained on another catalogue (\(recommender.itemCount) items); retrain with `kgrec train --store \(path)`")
            }
            let configuration = (try? JSONDecoder().decode(HybridConfiguration.self, from: Data(record.configuration.utf8))) ?? HybridConfiguration()
            return WarmModel(catalogue: catalogue, positives: recommender.interactions, configuration: configuration,
                             recommender: recommender, trainingSeconds: 0)
        }
        let positives = catalogue.positives(ratingThreshold: ratingThreshold)
        let configuration = HybridConfiguration()
        let clock = ContinuousClock()
        let t0 = clock.now
        let (recommender, _) = try HybridTrainer.train(positives, knowledgeGraph: catalogue.knowledgeGraph, configuration: configuration)
        return WarmModel(catalogue: catalogue, positives: positives, configuration: configuration, recommender: recommender,
                         trainingSeconds: coldStartSeconds(clock.now - t0))
    }

    /// TransE entity and relation vectors of the store KG (store ids), for the explanation's
    /// plausibility term: a registered TransE model (`kgrec train --kg-only`, id `registered`), or
    /// trained in memory with a seed; nil when neither is asked for (`epochs` 0, no id).
    static func transEEmbeddings(_ catalogue: StoreCatalogue, epochs: Int, dimension: Int, seed: UInt64,
                                 store path: String? = nil, registered: Int? = nil) throws -> ExplanationEmbeddings? {
        if let path, let registered {
            let store = try KGStore.open(at: path, create: false)
            guard let record = try store.model(id: registered), record.kind == Train.transEKind else {
                throw ValidationError("\(path): no TransE model with id \(registered) (train one with `kgrec train --store \(path) --kg-only`)")
            }
            let model = try TrainedModelBundle.read(from: store.modelDirectory(id: registered)).model
            guard model.entityCount == catalogue.graph.graph.nodeCount else {
                throw ValidationError("\(path): TransE model \(registered) has \(model.entityCount) entities, the store graph \(catalogue.graph.graph.nodeCount); retrain it")
            }
            var e = [Float](), r = [Float]()
            for i in 0..<model.entityCount { e.append(contentsOf: model.entities.vector(i)) }
            for i in 0..<model.relationCount { r.append(contentsOf: model.relations.vector(i)) }
            return try ExplanationEmbeddings(dimension: model.dimension, entityVectors: e, relationVectors: r,
                                             entityCount: catalogue.graph.graph.nodeCount, relationCount: catalogue.graph.graph.relationCount)
        }
        guard epochs > 0 else { return nil }
        let kg = catalogue.knowledgeGraph
        var setup = TrainingSetup()
        setup.dimension = dimension
        setup.distance = .l2
        setup.loss = .margin
        setup.margin = 1
        setup.sampler = .uniform
        setup.optimizer = .adam
        setup.learningRate = 0.01
        setup.loop = TrainingConfiguration(batchSize: 1024, negatives: 4, threads: 1, seed: seed)
        let trainer = TransETraining.makeTrainer(setup: setup, triples: kg.triples, entityCount: kg.vocabulary.entityCount,
                                                 relationCount: kg.vocabulary.relationCount)
        for _ in 0..<epochs { _ = trainer.runEpoch() }
        let entities = trainer.model.entities, relations = trainer.model.relations
        var e = [Float](), r = [Float]()
        e.reserveCapacity(entities.rows * dimension)
        for i in 0..<entities.rows { e.append(contentsOf: entities.vector(i)) }
        for i in 0..<relations.rows { r.append(contentsOf: relations.vector(i)) }
        return try ExplanationEmbeddings(dimension: dimension, entityVectors: e, relationVectors: r,
                                         entityCount: catalogue.graph.graph.nodeCount, relationCount: catalogue.graph.graph.relationCount)
    }
}

/// Explanation search options shared by `explain`, `export explanations` and `bench explain`.
struct ExplanationOptions: ParsableArguments {
    @Option(help: "Longest path in KG edges (1…4).") var maxHops: Int = ExplanationSettings().maxHops
    @Option(help: "Paths per explanation.") var paths: Int = ExplanationSettings().paths
    @Option(help: "Entities with more neighbours than this are not expanded (and penalised as hubs).") var hubCap: Int = ExplanationSettings().hubCap
    @Option(help: "Hub penalty weight on ln(degree) of intermediate entities.") var hubPenalty: Double = ExplanationSettings().hubPenalty
    @Option(help: "Extra log-score cost of an intermediate entity above the hub cap.") var overCapPenalty: Double = ExplanationSettings().overCapPenalty
    @Option(name: .customLong("transe-epochs"), help: "TransE epochs for step plausibility (0 = no plausibility term).") var transEEpochs: Int = 0
    @Option(name: .customLong("transe-dim"), help: "TransE dimension.") var transEDim: Int = 64
    @Option(name: .customLong("plausibility-weight"), help: "Weight of the TransE plausibility term.") var plausibilityWeight: Double = ExplanationSettings().plausibilityWeight
    @Option(help: "Seed of TransE training.") var seed: UInt64 = 42
    @Option(name: .customLong("transe-model"), help: "Registry id of a TransE model of this store (kgrec train --kg-only) for step plausibility, instead of --transe-epochs.")
    var transEModel: Int?

    var settings: ExplanationSettings {
        var s = ExplanationSettings()
        s.maxHops = maxHops
        s.paths = paths
        s.hubCap = hubCap
        s.hubPenalty = hubPenalty
        s.overCapPenalty = overCapPenalty
        s.plausibilityWeight = plausibilityWeight
        return s
    }

    func validate() throws {
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
        guard transEEpochs >= 0, transEDim > 0 else { throw ValidationError("--transe-epochs must be ≥ 0 and --transe-dim positive") }
    }

    /// The path search over the store graph (with TransE vectors when asked for).
    func search(_ catalogue: StoreCatalogue, graph: ExplanationGraph, store: String? = nil) throws -> ExplanationPathSearch {
        let embeddings = try WarmModel.transEEmbeddings(catalogue, epochs: transEEpochs, dimension: transEDim, seed: seed,
                                                        store: store, registered: transEModel)
        return try ExplanationPathSearch(graph: graph, settings: settings, embeddings: embeddings)
    }
}

import ArgumentParser
