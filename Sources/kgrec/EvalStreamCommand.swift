import ArgumentParser
import Foundation
import Recommender
import Store

/// `kgrec eval stream`: prequential (test-then-train) evaluation of continual learning.
struct EvalStream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Prequential evaluation: rank each stream event's item before learning from it (online, none or periodic retrain).",
        discussion: """
            The store supplies the catalogue, the KG and the user attributes; --train and --stream are split \
            files (user<TAB>item<TAB>rating<TAB>timestamp, header allowed; rows below --rating-threshold are \
            dropped). The model is trained on --train, then the stream is walked in timestamp order: each \
            event's item is ranked for its user against every item the user has not interacted with yet \
            (hit@K, NDCG@K, reciprocal rank), then the model learns from it per --update: online (apply the \
            event to the live model), none (static model) or retrain-every:N (full retrain on train + stream \
            so far every N events). Tune on temporal_valtrain/temporal_val; report temporal_train/temporal_test.
            """
    )

    @OptionGroup var storeOption: StoreOption
    @Option(help: "Training split (TSV).") var train: String
    @Option(help: "Stream split (TSV), walked in timestamp order.") var stream: String
    @Option(help: "online | none | retrain-every:N") var update: String = "online"
    @Option(help: "Ratings ≥ this are positives.") var ratingThreshold: Double = 4
    @Option(help: "Cut-off K of hit@K and NDCG@K.") var k: Int = 10
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Model trained for the stream: default (what `kgrec train` trains and `kgrec serve` serves: the blend with implicit ALS and the popularity penalty) or item-based (autoencoder + walk only, everything in M).")
    var model: String = "default"
    @Flag(inversion: .prefixedNo, help: "Fold online users' implicit-ALS vectors in per event (ImplicitALSFoldIn), so they keep the model's vector part; only with a model that has one.")
    var vectorFoldIn = true

    @Option(help: "k of the cold → warm blend α = n/(n+k) (n = the user's positive items).") var warmupItems: Double = OnlineConfiguration().warmupItems
    @Option(help: "Weight of online events relative to training history.") var recentWeight: Float = OnlineConfiguration().recentWeight
    @Option(help: "γ: each event of a user multiplies the weights of their earlier history by γ (1 = off).")
    var historyDecay: Float = OnlineConfiguration().historyDecay
    @Option(help: "KG neighbours giving items without training data their row/column of M (0 = off).")
    var newItemNeighbours: Int = OnlineConfiguration().newItemNeighbours
    @Option(help: "Scale of a neighbour-derived column.") var newItemShrink: Float = OnlineConfiguration().newItemShrink
    @Option(help: "Positive items after which a new user is added to the cold-start network's counts.")
    var bayesAbsorbAfter: Int = OnlineConfiguration().bayesAbsorbAfter
    @Flag(help: "Use popularity instead of the cold-start (Bayes-net) prior.") var noPrior = false
    @Option(help: "Taste clusters of the cold-start prior.") var tasteClusters: Int = ColdStartSettings().tasteClusters
    @Option(help: "Popularity weight β of the cold-start prior.") var priorPopularityWeight: Double = ColdStartSettings().popularityWeight

    func validate() throws {
        guard modelConfiguration != nil else { throw ValidationError("--model must be item-based or default, got '\(model)'") }
        guard StreamUpdateMode(update) != nil else { throw ValidationError("--update must be online, none or retrain-every:N (N > 0), got '\(update)'") }
        guard k > 0 else { throw ValidationError("--k must be positive") }
        guard warmupItems >= 0 else { throw ValidationError("--warmup-items must be ≥ 0") }
        guard historyDecay > 0 && historyDecay <= 1 else { throw ValidationError("--history-decay must lie in (0, 1]") }
        guard recentWeight > 0 else { throw ValidationError("--recent-weight must be positive") }
        guard newItemNeighbours >= 0 else { throw ValidationError("--new-item-neighbours must be ≥ 0") }
        guard tasteClusters >= 1 else { throw ValidationError("--taste-clusters must be ≥ 1") }
        guard (0...1).contains(priorPopularityWeight) else { throw ValidationError("--prior-popularity-weight must lie in [0, 1]") }
    }

    var modelConfiguration: HybridConfiguration? {
        switch model {
        case "item-based": return .itemBased
        case "default": return HybridConfiguration()
        default: return nil
        }
    }

    var onlineConfiguration: OnlineConfiguration {
        var c = OnlineConfiguration()
        c.weights.ratingThreshold = ratingThreshold
        c.warmupItems = warmupItems
        c.recentWeight = recentWeight
        c.historyDecay = historyDecay
        c.newItemNeighbours = newItemNeighbours
        c.newItemShrink = newItemShrink
        c.bayesAbsorbAfter = bayesAbsorbAfter
        return c
    }

    func run() throws {
        try reportingErrors {
            let mode = StreamUpdateMode(update)!
            let store = try KGStore.open(at: storeOption.path, create: false)
            let catalogue = try StoreCatalogue.load(from: store)
            let data = try catalogue.dataset(trainPath: train, testPath: nil, ratingThreshold: ratingThreshold)
            let events = try PrequentialStream.read(path: stream, ratingThreshold: ratingThreshold)
            var settings = ColdStartSettings()
            settings.tasteClusters = tasteClusters
            settings.popularityWeight = priorPopularityWeight
            let prior: OnlineColdStartPrior? = noPrior ? nil : try OnlineColdStartPrior(
                userAttributes: catalogue.userAttributes, itemAttributes: catalogue.itemAttributes, positives: data.train, settings: settings)
            let config = onlineConfiguration
            let hybrid = modelConfiguration!
            let foldIn = vectorFoldIn
            var foldInNote: String? = nil
            let clock = ContinuousClock()
            let report = try PrequentialEvaluator(cutoff: k).run(
                train: data.train, users: data.users, items: data.items, stream: events, mode: mode
            ) { matrix, users in
                let t0 = clock.now
                let (model, _) = try HybridTrainer.train(matrix, knowledgeGraph: catalogue.knowledgeGraph, configuration: hybrid)
                var p = prior
                if p != nil, matrix.userCount > p!.evidence.count {
                    for _ in p!.evidence.count..<matrix.userCount { p!.addUser() }
                }
                let live = OnlineRecommender(model: model, users: users, items: data.items, knowledgeGraph: catalogue.knowledgeGraph,
                                             prior: p, configuration: config)
                if foldIn, let vectors = try ImplicitALSFoldIn(model: model, configuration: hybrid) {
                    live.userVectors = vectors
                    foldInNote = "vector fold-in: ALS slice of \(vectors.alsDimension) dimensions, scale \(vectors.sliceScale) recovered from \(vectors.scaleFitUsers) training users (relative squared error \(vectors.scaleFitResidual))"
                }
                let d = clock.now - t0
                return (live, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
            }
            print(format(report, json: json))
            if let foldInNote, !json { print(foldInNote) }
        }
    }

    func format(_ r: PrequentialReport, json: Bool) -> String {
        let q = PrequentialReport.quantileMilliseconds
        func group(_ m: PrequentialMetrics, _ updates: [Double]?) -> [(String, String)] {
            var f: [(String, String)] = [("ndcg@\(k)", num(m.meanNDCG)), ("hit@\(k)", num(m.hitRate)), ("mrr", num(m.meanReciprocalRank)),
                                         ("events", "\(m.events)")]
            if let updates { f += [("update_median_ms", num(q(updates, 0.5))), ("update_p99_ms", num(q(updates, 0.99)))] }
            return f
        }
        func object(_ f: [(String, String)]) -> String { "{" + f.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}" }
        func buckets(_ b: [PrequentialMetrics]) -> String {
            object(zip(PrequentialReport.bucketLabels, b).map { ($0.0, object([("hit@\(k)", num($0.1.hitRate)), ("ndcg@\(k)", num($0.1.meanNDCG)), ("events", "\($0.1.events)")])) })
        }
        if json {
            var f = group(r.all, r.updateSeconds)
            f += [("update_max_ms", num(q(r.updateSeconds, 1))), ("rank_median_ms", num(q(r.rankSeconds, 0.5))),
                  ("mode", "\"\(r.mode)\""), ("returning", object(group(r.returning, r.returningUpdateSeconds))), ("new", object(group(r.new, r.newUpdateSeconds))),
                  ("new_by_prior_events", buckets(r.newByPriorEvents)), ("all_by_prior_positives", buckets(r.allByPriorEvents)),
                  ("retrains", "\(r.retrains)"), ("train_seconds", num(r.trainSeconds)), ("kg_filled_items", "\(r.kgFilledItems)"),
                  ("items_without_training_data", "\(r.itemsWithoutTrainingData)"), ("zero_column_items", "\(r.zeroColumnItems)"),
                  ("skipped_events", "\(r.skippedEvents)")]
            return object(f)
        }
        var lines: [String] = []
        lines.append("prequential evaluation, update \(r.mode): \(r.all.events) events (\(r.returning.events) returning-user, \(r.new.events) new-user), \(r.retrains) retrains, train \(fixed(r.trainSeconds, 2)) s")
        for (name, m) in [("all", r.all), ("returning", r.returning), ("new", r.new)] {
            lines.append("\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) NDCG@\(k) \(fixed(m.meanNDCG, 4))  hit@\(k) \(fixed(m.hitRate, 4))  MRR \(fixed(m.meanReciprocalRank, 4))  events \(m.events)")
        }
        lines.append("new users' hit@\(k) by prior stream events: " + zip(PrequentialReport.bucketLabels, r.newByPriorEvents).map { "\($0.0): \(fixed($0.1.hitRate, 4)) (\($0.1.events))" }.joined(separator: ", "))
        lines.append("update per event: median \(fixed(q(r.updateSeconds, 0.5), 4)) ms, p99 \(fixed(q(r.updateSeconds, 0.99), 4)) ms, max \(fixed(q(r.updateSeconds, 1), 2)) ms; ranking median \(fixed(q(r.rankSeconds, 0.5), 4)) ms; \(r.itemsWithoutTrainingData) items without training data (\(r.zeroColumnItems) with an all-zero column in M), \(r.kgFilledItems) filled from KG neighbours")
        return lines.joined(separator: "\n")
    }

    func num(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
    func fixed(_ x: Double, _ d: Int) -> String { x.isFinite ? String(format: "%.\(d)f", x) : "n/a" }
}
