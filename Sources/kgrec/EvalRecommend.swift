import ArgumentParser
import Evaluation
import Foundation
import Recommender

/// `kgrec eval recommend`: trains the hybrid recommender on the train interactions (plus the KG)
/// and evaluates top-K recommendation on the test interactions with the warm protocol of EVAL.md.
struct EvalRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Train the hybrid recommender on --train and report Recall/NDCG/HitRate@K and Coverage@10 on --test.",
        discussion: """
            Interaction files are user<TAB>item[<TAB>rating[<TAB>timestamp]] with an optional header (the \
            split files of prepare_ml100k.py). Every user with a test positive ranks every catalogue item \
            not among their training positives; relevance is binary.
            """
    )

    @Option(help: "Training interactions (TSV).") var train: String
    @Option(help: "Test interactions (TSV).") var test: String
    @Option(help: "KG triples (TSV head/relation/tail), e.g. kg.tsv.") var kg: String?
    @Option(help: "Item → KG entity links (TSV item/entity), e.g. item_entity_link.tsv.") var links: String?
    @Option(help: "Item catalogue (TSV, first column = item id); default: items seen in train, test and links.") var items: String?
    @Option(help: "With a rating column, keep rows with rating ≥ this.") var ratingsThreshold: Double = 4
    @Option(help: "Cut-offs, comma-separated.") var k: String = "10,20"
    @Flag(help: "Print one JSON object.") var json = false

    @Option(help: "L2 penalty λ of the item autoencoder.") var l2: Double = HybridConfiguration().l2
    @Option(help: "Weight of the KG feature block in the autoencoder (0 = off).") var featureWeight: Double = HybridConfiguration().featureWeight
    @Option(help: "KG feature rows scaled by |feature|^(-power/2).") var featurePower: Double = HybridConfiguration().featurePower
    @Option(help: "KG features with more items than this are ignored.") var hubCap: Int = HybridConfiguration().hubCap
    @Option(name: .customLong("transe-weight"), help: "Weight of the TransE similarity block in the autoencoder (0 = off).")
    var transEWeight: Double = HybridConfiguration().transEWeight
    @Option(name: .customLong("transe-dim"), help: "TransE dimension.") var transEDim: Int = TransESettings().dimension
    @Option(name: .customLong("transe-epochs"), help: "TransE epochs.") var transEEpochs: Int = TransESettings().epochs
    @Option(name: .customLong("transe-lr"), help: "TransE Adam learning rate.") var transELR: Float = TransESettings().learningRate
    @Option(help: "Blend weight of the propagation walk (0 = off).") var propagationWeight: Double = HybridConfiguration().propagationWeight
    @Option(help: "Share of walk steps through KG features instead of users (needs --kg; ignored without it).") var walkKGWeight: Double = HybridConfiguration().walkKGWeight
    @Option(help: "Popularity penalty exponent of the walk.") var popularityExponent: Double = HybridConfiguration().popularityExponent
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Threads for TransE training.") var threads: Int = 1

    func validate() throws {
        if (kg == nil) != (links == nil) { throw ValidationError("--kg and --links go together") }
        guard (try? cutoffs()) != nil else { throw ValidationError("--k must be positive integers separated by commas, got '\(k)'") }
        guard l2 > 0 else { throw ValidationError("--l2 must be positive") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        guard (0...1).contains(propagationWeight), (0...1).contains(walkKGWeight) else {
            throw ValidationError("--propagation-weight and --walk-kg-weight must lie in [0, 1]")
        }
        if (featureWeight > 0 || transEWeight > 0) && kg == nil {
            throw ValidationError("--feature-weight and --transe-weight need --kg and --links")
        }
    }

    func cutoffs() throws -> [Int] {
        let parts = k.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 }) else { throw ValidationError("bad --k") }
        return values
    }

    var configuration: HybridConfiguration {
        var c = HybridConfiguration()
        c.l2 = l2
        c.featureWeight = featureWeight
        c.featurePower = featurePower
        c.hubCap = hubCap
        c.transEWeight = transEWeight
        c.transE.dimension = transEDim
        c.transE.epochs = transEEpochs
        c.transE.learningRate = transELR
        c.propagationWeight = propagationWeight
        c.walkKGWeight = walkKGWeight
        c.popularityExponent = popularityExponent
        c.seed = seed
        c.threads = threads
        return c
    }

    func run() throws {
        try reportingErrors {
            let data = try RecommendationDataset.load(
                trainPath: train, testPath: test, itemsPath: items, triplesPath: kg, linksPath: links, ratingThreshold: ratingsThreshold)
            let clock = ContinuousClock()
            let (model, trainReport) = try HybridTrainer.train(data.train, knowledgeGraph: data.knowledgeGraph, configuration: configuration)
            let evaluator = RankingEvaluator(testPositives: data.test, catalogueSize: data.items.count, cutoffs: try cutoffs())
            let report = evaluator.evaluate { user, k in model.recommend(user: user, k: k).map(\.item) }

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
                    ("ms_per_top10", Self.number(msPerTop10)), ("items", "\(data.items.count)"),
                    ("train_positives", "\(data.train.count)"), ("kg_feature_rows", "\(trainReport.featureRows)"),
                ]
                print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            } else {
                print("users \(data.users.count), items \(data.items.count), train positives \(data.train.count), evaluated users \(report.users)")
                print("trained in \(Self.fixed(trainReport.totalSeconds, 2)) s (TransE \(Self.fixed(trainReport.transESeconds, 2)), Gram \(Self.fixed(trainReport.gramSeconds, 2)), solve \(Self.fixed(trainReport.solveSeconds, 2)), propagation \(Self.fixed(trainReport.propagationSeconds, 2)))")
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
