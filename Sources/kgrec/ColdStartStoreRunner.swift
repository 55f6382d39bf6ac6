import ArgumentParser
import Evaluation
import Foundation
import Recommender
import Store

/// Settings of a cold-start model trained from a store: which user attributes and item features
/// it reads (see `ColdStartDataset.init(catalogue:…)` for the rules) and the model settings.
struct ColdStartStoreOptions: ParsableArguments {
    @Option(help: "User attributes to condition on, comma-separated (default: every store user attribute except identifier-like text ones such as zip_code).")
    var attributeNames: String?
    @Option(help: "Bin edges of numeric user attributes: 'age:18,25,35,45,50,56' (several separated by ';').") var bins: String?
    @Option(help: "Numeric attributes without --bins and with more than 24 distinct values get this many equal-frequency bins.")
    var equalFrequencyBins: Int = 5
    @Option(help: "Item attribute whose tokens are the item features (default: class, genre, genres, category, categories — else the KG).")
    var itemFeatureAttribute: String?
    @Flag(help: "Take item features from the knowledge graph even when items have a feature attribute.") var graphItemFeatures = false
    @Option(help: "KG item features: how many of the most shared one-hop (relation, neighbour) features to use.") var graphFeatures: Int = 32
    @Option(help: "Interaction values ≥ this are positives (interactions without a value always are).") var ratingThreshold: Double = 4
    @OptionGroup var model: ColdStartModelOptions

    func validate() throws {
        guard equalFrequencyBins >= 1 else { throw ValidationError("--equal-frequency-bins must be ≥ 1") }
        guard graphFeatures >= 1 else { throw ValidationError("--graph-features must be ≥ 1") }
        _ = try coldStartBinEdges(bins)
    }

    /// The store's cold-start data set under these options.
    func dataset(_ catalogue: StoreCatalogue) throws -> ColdStartDataset {
        let names = attributeNames.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return try ColdStartDataset(
            catalogue: catalogue, attributeNames: names, bins: try coldStartBinEdges(bins), equalFrequencyBins: equalFrequencyBins,
            ratingThreshold: ratingThreshold, itemFeatureAttribute: itemFeatureAttribute, graphFeaturesOnly: graphItemFeatures, maximumGraphFeatures: graphFeatures)
    }

    func featureSource(_ catalogue: StoreCatalogue) throws -> ColdStartItemFeatureSource {
        try ColdStartDataset.itemFeatureSource(catalogue, named: itemFeatureAttribute, graphFeaturesOnly: graphItemFeatures, maximumGraphFeatures: graphFeatures)
    }
}

/// Why a store-based cold-start command could not run.
enum ColdStartStoreCommandError: Error, CustomStringConvertible {
    case noStore(path: String)
    case trainingSource
    case testUserInTraining(path: String, user: String)

    var description: String {
        switch self {
        case let .noStore(p): return "\(p): no such store directory"
        case .trainingSource: return "give exactly one of --train FILE and --train-users FILE"
        case let .testUserInTraining(p, u): return "\(p): user '\(u)' is also a training user"
        }
    }
}

/// Reads a store's catalogue for the cold-start runners.
private func coldStartCatalogue(_ store: String) throws -> StoreCatalogue {
    guard FileManager.default.fileExists(atPath: store) else { throw ColdStartStoreCommandError.noStore(path: store) }
    let opened = try KGStore.open(at: store, create: false)
    return try StoreCatalogue.load(from: opened)
}

/// Top-k for a new user described only by `attributes` (`name=value,…`, any subset; missing ones
/// are unobserved), from a model trained on every store user with a positive. Prints item ids,
/// titles and scores (one JSON object with `json`).
func runColdStartRecommendation(store: String, attributes: String, k: Int, json: Bool, options: ColdStartStoreOptions) throws {
    let catalogue = try coldStartCatalogue(store)
    let data = try options.dataset(catalogue)
    let evidence = try data.schema.parse(attributes)
    let training = (0..<Int32(data.users.count)).filter { !data.positives[Int($0)].isEmpty }
    let (taste, bn) = try options.model.fit(data, trainingUsers: training)
    var model = try options.model.model(bn.variableElimination(), taste: taste, data: data)
    let clock = ContinuousClock()
    let t0 = clock.now
    let items = try model.recommend(evidence, k: k)
    let micros = coldStartSeconds(clock.now - t0) * 1e6
    let posterior = try model.inference.tastePosterior(evidence)
    if json {
        let object: [String: Any] = [
            "attributes": data.schema.describe(evidence), "taste_posterior": posterior, "microseconds": micros,
            "items": items.enumerated().map { rank, s -> [String: Any] in
                ["rank": rank + 1, "item": data.items.labels[Int(s.item)], "title": data.itemTitles[Int(s.item)], "score": Double(s.score)]
            },
        ]
        let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: bytes, as: UTF8.self))
    } else {
        let known = data.schema.describe(evidence)
        print("attributes: \(known.isEmpty ? "(none known)" : known)   [model attributes: \(data.schema.names.joined(separator: ", "))]")
        for (rank, s) in items.enumerated() {
            print("\(rank + 1)\t\(data.items.labels[Int(s.item)])\t\(String(format: "%.4f", s.score))\t\(data.itemTitles[Int(s.item)])")
        }
    }
}

/// The cold protocol on a store: the model is trained on the interactions in `train` (split TSV:
/// user, item, rating, timestamp — those users' store interactions are ignored) or, with
/// `trainUsers`, on the store interactions of the users listed one per line; every `testUsers`
/// user is ranked from attributes alone and judged against all their store positives. Prints the
/// warm protocol's keys.
func runColdStartEvaluation(store: String, train: String?, trainUsers: String? = nil, testUsers: String, json: Bool,
                            options: ColdStartStoreOptions, perUser: String? = nil) throws {
    guard (train == nil) != (trainUsers == nil) else { throw ColdStartStoreCommandError.trainingSource }
    let catalogue = try coldStartCatalogue(store)
    let storeData = try options.dataset(catalogue)
    let data: ColdStartDataset
    let training: [Int32]
    if let train {
        (data, training) = try storeData.replacingPositives(withInteractionsIn: train, ratingThreshold: options.ratingThreshold)
    } else {
        data = storeData
        training = try storeData.userIDs(listedIn: trainUsers!)
    }
    let test = try data.userIDs(listedIn: testUsers)
    let trainSet = Set(training)
    if let overlap = test.first(where: { trainSet.contains($0) }) {
        throw ColdStartStoreCommandError.testUserInTraining(path: testUsers, user: data.users.labels[Int(overlap)])
    }
    // Test users keep all their store positives as truth (only training users' positives came from --train).
    let truth = data
    let clock = ContinuousClock()
    let t0 = clock.now
    let (taste, bn) = try options.model.fit(truth, trainingUsers: training)
    var model = try options.model.model(bn.variableElimination(), taste: taste, data: data)
    let trainSeconds = coldStartSeconds(clock.now - t0)
    let evaluation = ColdStartEvaluation(truth, testUsers: test, cutoffs: [10, 20])
    let all = data.schema.names.map { _ in true }
    let (report, rows) = try evaluation.runDetailed(known: all) { (evidence, k) throws(ColdStartError) in try model.recommend(evidence, k: k).map(\.item) }
    if let perUser { try writePerUserMetrics(rows, labels: data.users.labels, to: perUser) }
    let latency = try EvalColdStart.latency(ColdStartEvaluation(truth, testUsers: test, cutoffs: [10]), &model, passes: 7, k: 10)
    let value = { (metric: KeyPath<RankingReport, [Double]>, k: Int) in report.value(metric, at: k) ?? .nan }
    let number = { (x: Double) in x.isFinite ? "\(x)" : "null" }
    let source = try options.featureSource(catalogue)
    if json {
        var fields: [(String, String)] = []
        for k in report.cutoffs {
            fields.append(("recall@\(k)", number(value(\.recall, k))))
            fields.append(("ndcg@\(k)", number(value(\.ndcg, k))))
            fields.append(("hitrate@\(k)", number(value(\.hitRate, k))))
        }
        fields += [
            ("coverage@10", number(report.coverage)), ("ndcg@10_se", number(report.ndcgStandardError)),
            ("users", "\(report.users)"), ("train_seconds", number(trainSeconds)),
            ("train_users", "\(taste.users.count)"), ("items", "\(data.itemCount)"),
            ("ms_per_top10", number(latency.medianMicroseconds / 1000)),
            ("attributes", "\"\(data.schema.names.joined(separator: ","))\""), ("item_features", "\(data.featureCount)"),
        ]
        print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    } else {
        print("cold start from store: \(report.users) evaluated users, \(taste.users.count) training users, \(data.itemCount) items")
        print("attributes: " + data.schema.names.indices.map { "\(data.schema.names[$0]) (\(data.schema.states[$0].count) states)" }.joined(separator: ", "))
        print("item features: \(data.featureCount) from \(source)")
        for k in report.cutoffs {
            print("@\(k)\tRecall \(String(format: "%.4f", value(\.recall, k)))\tNDCG \(String(format: "%.4f", value(\.ndcg, k)))\tHitRate \(String(format: "%.4f", value(\.hitRate, k)))")
        }
        print(String(format: "Coverage@10 %.4f  NDCG@10 s.e. %.4f  trained in %.3f s  top-10 %.4f ms/user",
                     report.coverage, report.ndcgStandardError, trainSeconds, latency.medianMicroseconds / 1000))
    }
}
