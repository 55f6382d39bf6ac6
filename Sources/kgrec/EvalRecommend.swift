import ArgumentParser
import Evaluation
import Foundation
import Recommender
import Store

/// `kgrec eval recommend`: trains the hybrid recommender on the train interactions (plus the KG)
/// and evaluates top-K recommendation on the test interactions with the warm protocol of docs/evaluation.md.
struct EvalRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Train the hybrid recommender on --train and report Recall/NDCG/HitRate@K and Coverage@10 on --test.",
        discussion: """
            Interaction files are user<TAB>item[<TAB>rating[<TAB>timestamp]] with an optional header (the \
            split files of `kgrec dataset split`). Every user with a test positive ranks every catalogue item \
            not among their training positives; relevance is binary.
            """
    )

    @Option(help: "Training interactions (TSV).") var train: String?
    @Option(help: "Test interactions (TSV).") var test: String?
    @Option(help: ArgumentHelp("Store supplying the item catalogue, the KG and users (instead of --items/--kg/--links).", valueName: "dir"))
    var store: String?
    @Option(help: "Protocol: warm (--test) or cold (--test-users, needs --store).") var `protocol`: String = "warm"
    @Option(help: "Cold protocol: the held-out users, one id per line.") var testUsers: String?
    @Option(help: "Cold protocol: training users, one id per line, instead of --train (their store interactions train).") var trainUsers: String?
    @Option(help: "Cold protocol: bin edges of numeric user attributes, e.g. 'age:18,25,35,45,50,56'.") var bins: String?
    @Option(help: "KG triples (TSV head/relation/tail), e.g. kg.tsv.") var kg: String?
    @Option(help: "Item → KG entity links (TSV item/entity), e.g. item_entity_link.tsv.") var links: String?
    @Option(help: "Item catalogue (TSV, first column = item id); default: items seen in train, test and links.") var items: String?
    @Option(help: "With a rating column, keep rows with rating ≥ this.") var ratingsThreshold: Double = 4
    @Option(help: "Cut-offs, comma-separated.") var k: String = "10,20"
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: ArgumentHelp("Also write each evaluated user's metrics (TSV: user, test_items, recall@K, ndcg@K, hitrate@K) for `kgrec eval compare`.", valueName: "file"))
    var perUser: String?
    @OptionGroup(title: "Model") var model: HybridOptions
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Threads for KG training.") var threads: Int = 1

    func validate() throws {
        if (kg == nil) != (links == nil) { throw ValidationError("--kg and --links go together") }
        if store != nil && (kg != nil || items != nil) { throw ValidationError("--store supplies the catalogue and KG: drop --items/--kg/--links") }
        guard (try? cutoffs()) != nil else { throw ValidationError("--k must be positive integers separated by commas, got '\(k)'") }
        guard ["warm", "cold"].contains(`protocol`) else { throw ValidationError("--protocol must be warm or cold, got '\(`protocol`)'") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        if `protocol` == "warm" && (test == nil || train == nil) { throw ValidationError("the warm protocol needs --train and --test") }
        if `protocol` == "cold" && (train == nil) == (trainUsers == nil) { throw ValidationError("the cold protocol needs one of --train and --train-users") }
        if `protocol` == "cold" && (store == nil || testUsers == nil) { throw ValidationError("the cold protocol needs --store and --test-users") }
        if (model.featureWeight > 0 || model.transEWeight > 0) && kg == nil && store == nil {
            throw ValidationError("--feature-weight and --transe-weight need a KG (--store, or --kg and --links)")
        }
    }

    func cutoffs() throws -> [Int] {
        let parts = k.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 }) else { throw ValidationError("bad --k") }
        return values
    }

    var configuration: HybridConfiguration { model.configuration(seed: seed, threads: threads) }

    func loadData() throws -> RecommendationDataset {
        if let store {
            let s = try KGStore.open(at: store, create: false)
            return try StoreCatalogue.load(from: s).dataset(trainPath: train!, testPath: test, ratingThreshold: ratingsThreshold)
        }
        return try RecommendationDataset.load(
            trainPath: train!, testPath: test!, itemsPath: items, triplesPath: kg, linksPath: links, ratingThreshold: ratingsThreshold)
    }

    func run() throws {
        try reportingErrors {
            if `protocol` == "cold" {
                var options = try ColdStartStoreOptions.parse([])
                options.bins = bins
                options.ratingThreshold = ratingsThreshold
                try runColdStartEvaluation(store: store!, train: train, trainUsers: trainUsers, testUsers: testUsers!, json: json, options: options,
                                           perUser: perUser)
                return
            }
            let data = try loadData()
            let clock = ContinuousClock()
            let (model, trainReport) = try HybridTrainer.train(data.train, knowledgeGraph: data.knowledgeGraph, configuration: configuration)
            let evaluator = RankingEvaluator(testPositives: data.test, catalogueSize: data.items.count, cutoffs: try cutoffs())
            let (report, rows) = evaluator.evaluateDetailed { user, k in model.recommend(user: user, k: k).map(\.item) }
            if let perUser { try writePerUserMetrics(rows, labels: data.users.labels, to: perUser) }

            // Latency of one top-10 (scores over the catalogue + bounded-heap selection): median over
            // passes of the mean over evaluated users.
            let users = evaluator.evaluatedUsers
            var passes: [Double] = []
            var sink = 0
            for _ in 0..<7 {
                let t0 = clock.now
                for u in users { sink &+= Int(model.recommend(user: u, k: 10).first?.item ?? 0) }
                passes.append((clock.now - t0).seconds * 1000 / Double(max(users.count, 1)))
            }
            passes.sort()
            let msPerTop10 = passes[passes.count / 2]
            if sink == Int.min { writeStandardError("") }

            let m = { (metric: KeyPath<RankingReport, [Double]>, k: Int) in report.value(metric, at: k) ?? .nan }
            if json {
                var fields: [(String, String)] = []
                for k in report.cutoffs {
                    fields.append(("recall@\(k)", Self.number(m(\.recall, k))))
                    fields.append(("ndcg@\(k)", Self.number(m(\.ndcg, k))))
                    fields.append(("hitrate@\(k)", Self.number(m(\.hitRate, k))))
                }
                fields += [
                    ("coverage@10", Self.number(report.coverage)), ("ndcg@10_se", Self.number(report.ndcgStandardError)),
                    ("users", "\(report.users)"), ("train_seconds", Self.number(trainReport.totalSeconds)),
                    ("transe_seconds", Self.number(trainReport.transESeconds)), ("gram_seconds", Self.number(trainReport.gramSeconds)),
                    ("solve_seconds", Self.number(trainReport.solveSeconds)),
                    ("propagation_seconds", Self.number(trainReport.propagationSeconds)),
                    ("embedding_seconds", Self.number(trainReport.embeddingSeconds)),
                    ("als_seconds", Self.number(trainReport.alsSeconds)),
                    ("ms_per_top10", Self.number(msPerTop10)), ("items", "\(data.items.count)"),
                    ("train_positives", "\(data.train.count)"), ("kg_feature_rows", "\(trainReport.featureRows)"),
                ]
                print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            } else {
                print("users \(data.users.count), items \(data.items.count), train positives \(data.train.count), evaluated users \(report.users)")
                print("trained in \(Self.fixed(trainReport.totalSeconds, 2)) s (TransE \(Self.fixed(trainReport.transESeconds, 2)), Gram \(Self.fixed(trainReport.gramSeconds, 2)), solve \(Self.fixed(trainReport.solveSeconds, 2)), propagation \(Self.fixed(trainReport.propagationSeconds, 2)), embedding \(Self.fixed(trainReport.embeddingSeconds, 2)), ALS \(Self.fixed(trainReport.alsSeconds, 2)))")
                for k in report.cutoffs {
                    print("@\(k)\tRecall \(Self.fixed(m(\.recall, k), 4))\tNDCG \(Self.fixed(m(\.ndcg, k), 4))\tHitRate \(Self.fixed(m(\.hitRate, k), 4))")
                }
                print("Coverage@10 \(Self.fixed(report.coverage, 4))  NDCG@10 s.e. \(Self.fixed(report.ndcgStandardError, 4))  top-10 \(Self.fixed(msPerTop10, 4)) ms/user")
            }
        }
    }

    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
