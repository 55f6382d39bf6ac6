import ArgumentParser
import BayesNet
import Evaluation
import Foundation
import Recommender

/// Data files and model settings shared by the cold-start commands.
struct ColdStartOptions: ParsableArguments {
    @Option(help: "Ratings TSV (user, item, rating[, timestamp]; header allowed), e.g. prepared/ratings.tsv.") var ratings: String
    @Option(help: "Users TSV with a header naming the attribute columns, e.g. prepared/users.tsv.") var users: String
    @Option(help: "Items TSV (first column item id; feature columns prefixed by --feature-prefix), e.g. prepared/items.tsv.") var items: String
    @Option(help: "Training users, one id per line (e.g. splits/cold_train_users.txt).") var trainUsers: String
    @Option(help: "User attribute columns, comma-separated.") var attributeColumns: String = "age_bucket,gender,occupation"
    @Option(help: "Item feature columns start with this (genre flags).") var featurePrefix: String = "g_"
    @Option(help: "Bin edges of numeric attribute columns: 'age:18,25,35,45,50,56' (several separated by ';').") var bins: String?
    @Option(help: "Numeric attribute columns without --bins (and more than 24 distinct values) get this many equal-frequency bins.")
    var equalFrequencyBins: Int = 5
    @Option(help: "Ratings ≥ this are positives.") var ratingThreshold: Double = 4

    @OptionGroup var model: ColdStartModelOptions

    func validate() throws {
        guard equalFrequencyBins >= 1 else { throw ValidationError("--equal-frequency-bins must be ≥ 1") }
        _ = try coldStartBinEdges(bins)
    }

    func loadDataset() throws -> ColdStartDataset {
        try ColdStartDataset.load(
            ratingsPath: ratings, usersPath: users, itemsPath: items,
            attributeColumns: attributeColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            featurePrefix: featurePrefix, ratingThreshold: ratingThreshold,
            bins: try coldStartBinEdges(bins), equalFrequencyBins: equalFrequencyBins)
    }

    /// Fits clusters, item tables and the Bayesian network on the training users.
    func fit(_ data: ColdStartDataset) throws -> (taste: ColdStartTasteData, network: ColdStartBayesNetwork) {
        let trainIDs = try data.userIDs(listedIn: trainUsers)
        return try model.fit(data, trainingUsers: trainIDs)
    }
}


/// Cold-start model settings, shared by the file- and store-based commands (defaults chosen on
/// cold_valtrain_users → cold_val_users).
struct ColdStartModelOptions: ParsableArguments {
    @Option(help: "Number of latent taste clusters.") var tasteClusters: Int = ColdStartSettings().tasteClusters
    @Option(help: "Cluster users on: features (genre profile of their positives) or items.") var profile: String = ColdStartSettings().profile.rawValue
    @Option(help: "Network structure: naive (taste → attributes), parents (attributes → taste), chow-liu, hill-climb.")
    var structure: String = ColdStartStructure.naive.rawValue
    @Option(help: "BDeu equivalent sample size of the network's CPTs.") var ess: Double = 10
    @Option(help: "m in p(i|c) = (n_ci + m·pop_i)/(n_c + m).") var itemSmoothing: Double = ColdStartSettings().itemSmoothing
    @Option(help: "β: score = (1−β)·expected preference + β·popularity.") var popularityWeight: Double = ColdStartSettings().popularityWeight
    @Option(help: "α: each training user's positives count with weight |positives|^−α in the item tables (0 = plain share of users).")
    var userWeightExponent: Double = ColdStartSettings().userWeightExponent
    @Option(help: "γ: score = (1−γ)·[taste network + popularity blend] + γ·attribute-similarity neighbours (0 = network only).")
    var neighbourWeight: Double = ColdStartSettings().neighbourWeight
    @Option(help: "λ of the attribute-similarity kernel for attributes without --attribute-decay-override: similarity λ^|rank distance| for ordinal attributes, λ between different states of nominal ones (1 = ignore, 0 = exact match).")
    var attributeDecay: Double = ColdStartSettings().attributeDecay
    @Option(help: "Per-attribute λ: name=λ,… (default: occupation=0.8; names the store lacks are ignored).")
    var attributeDecayOverride: String = ColdStartSettings().attributeDecayByName.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    @Option(help: "α of the neighbours: training users weigh |positives|^−α in the attribute-cell item rows.")
    var neighbourUserWeightExponent: Double = ColdStartSettings().neighbourUserWeightExponent
    @Option(help: "Inference engine: ve (BayesNet variable elimination) or enumeration (reference).") var inference: String = "ve"
    @Option(help: "Clustering seed.") var seed: UInt64 = ColdStartSettings().seed
    @Option(help: "Write the learned network as BIF to this file.") var bifOut: String?

    func validate() throws {
        guard ColdStartProfile(rawValue: profile) != nil else { throw ValidationError("--profile must be features or items, got '\(profile)'") }
        guard ColdStartStructure(rawValue: structure) != nil else {
            throw ValidationError("--structure must be one of \(ColdStartStructure.allCases.map(\.rawValue).joined(separator: ", ")), got '\(structure)'")
        }
        guard ["ve", "enumeration"].contains(inference) else { throw ValidationError("--inference must be ve or enumeration, got '\(inference)'") }
        guard tasteClusters >= 1 else { throw ValidationError("--taste-clusters must be ≥ 1") }
        guard ess > 0 else { throw ValidationError("--ess must be positive") }
        guard itemSmoothing >= 0 else { throw ValidationError("--item-smoothing must be ≥ 0") }
        guard (0...1).contains(popularityWeight) else { throw ValidationError("--popularity-weight must lie in [0, 1]") }
        guard userWeightExponent.isFinite, userWeightExponent >= 0 else { throw ValidationError("--user-weight-exponent must be ≥ 0") }
        guard (0...1).contains(neighbourWeight) else { throw ValidationError("--neighbour-weight must lie in [0, 1]") }
        guard neighbourUserWeightExponent.isFinite, neighbourUserWeightExponent >= 0 else { throw ValidationError("--neighbour-user-weight-exponent must be ≥ 0") }
        guard (0...1).contains(attributeDecay) else { throw ValidationError("--attribute-decay must lie in [0, 1]") }
        _ = try decayOverrides()
    }

    /// `--attribute-decay-override` as λ by attribute name.
    func decayOverrides() throws -> [String: Double] {
        var out: [String: Double] = [:]
        for part in attributeDecayOverride.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let l = Double(pair[1]), (0...1).contains(l) else {
                throw ValidationError("--attribute-decay-override: expected name=λ with λ in [0, 1], got '\(part)'")
            }
            out[pair[0]] = l
        }
        return out
    }

    var settings: ColdStartSettings {
        var s = ColdStartSettings()
        s.tasteClusters = tasteClusters
        s.profile = ColdStartProfile(rawValue: profile)!
        s.itemSmoothing = itemSmoothing
        s.popularityWeight = popularityWeight
        s.userWeightExponent = userWeightExponent
        s.seed = seed
        s.neighbourWeight = neighbourWeight
        s.neighbourUserWeightExponent = neighbourUserWeightExponent
        s.attributeDecay = attributeDecay
        s.attributeDecayByName = (try? decayOverrides()) ?? [:]
        return s
    }

    /// The cold-start model over `inference` and the fitted taste tables, with the
    /// attribute-similarity neighbours of the same training users when γ > 0.
    func model<I: ColdStartTasteInference>(_ inference: I, taste: ColdStartTasteData, data: ColdStartDataset,
                                           neighbourWeight: Double? = nil) throws -> ColdStartModel<I> {
        var s = settings
        if let neighbourWeight { s.neighbourWeight = neighbourWeight }
        let explicit = try decayOverrides()
        let defaults = Set(ColdStartSettings().attributeDecayByName.keys)
        for name in explicit.keys where !data.schema.names.contains(name) && !defaults.contains(name) {
            throw ColdStartError.unknownAttribute(name: name, known: data.schema.names)
        }
        let kernel = s.neighbourWeight > 0 ? try ColdStartAttributeKernel(data, trainingUsers: taste.users, settings: s) : nil
        return try ColdStartModel(inference: inference, preference: taste.preference, popularity: taste.popularity,
                                  popularityWeight: Float(s.popularityWeight), neighbours: kernel, neighbourWeight: Float(s.neighbourWeight))
    }

    /// Fits clusters, item tables and the Bayesian network on the training users.
    func fit(_ data: ColdStartDataset, trainingUsers: [Int32]) throws -> (taste: ColdStartTasteData, network: ColdStartBayesNetwork) {
        let taste = try ColdStartTrainer.fit(data, trainingUsers: trainingUsers, settings: settings)
        let network = try ColdStartBayesNetwork.learn(schema: data.schema, taste: taste, structure: ColdStartStructure(rawValue: structure)!,
                                                      equivalentSampleSize: ess)
        if let bifOut { try network.writeBIF(to: bifOut) }
        return (taste, network)
    }
}

/// `--bins` ('age:18,25,35;income:…') as edges by column name.
func coldStartBinEdges(_ bins: String?) throws -> [String: [Double]] {
    guard let bins else { return [:] }
    var out: [String: [Double]] = [:]
    for spec in bins.split(separator: ";") {
        let parts = spec.split(separator: ":", maxSplits: 1)
        let name = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard parts.count == 2, !name.isEmpty else { throw ValidationError("--bins: expected name:edge,edge,… in '\(spec)'") }
        let edges = parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !edges.isEmpty, edges.allSatisfy({ $0?.isFinite ?? false }) else {
            throw ValidationError("--bins: edges of '\(name)' must be numbers separated by commas, got '\(parts[1])'")
        }
        out[name] = edges.map { $0! }
    }
    return out
}

/// `kgrec eval cold-start`: the cold-start protocol of docs/evaluation.md with popularity, DemoPop and the
/// Bayesian taste model side by side (the taste-cluster network alone as `bn-taste`, the model as
/// configured — by default the attribute-cell network — as `kgrec-cold`), with all attributes
/// known and with each one alone.
struct EvalColdStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cold-start",
        abstract: "Evaluate cold-start recommendation (attributes only) for held-out users: popularity, DemoPop, the taste-cluster network (bn-taste) and the model as configured (kgrec-cold).",
        discussion: """
            Every --test-users user is ranked over the whole catalogue from attributes alone and judged \
            against all of their positives (docs/evaluation.md). Rows: all attributes known, then each attribute alone. \
            Tune on splits/cold_valtrain_users.txt + cold_val_users.txt; report cold_train/cold_test once.
            """
    )

    @OptionGroup var options: ColdStartOptions
    @Option(help: "Held-out users, one id per line (e.g. splits/cold_test_users.txt).") var testUsers: String
    @Option(help: "Cut-off K.") var k: Int = 10
    @Option(help: "DemoPop smoothing m toward global popularity (50 chosen on cold_val).") var demopopSmoothing: Double = 50
    @Option(help: "Latency passes over the test users.") var latencyPasses: Int = 20
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be positive") }
        guard demopopSmoothing >= 0 else { throw ValidationError("--demopop-smoothing must be ≥ 0") }
        guard latencyPasses > 0 else { throw ValidationError("--latency-passes must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let clock = ContinuousClock()
            let data = try options.loadDataset()
            let t0 = clock.now
            let (taste, bn) = try options.fit(data)
            var fitSeconds = coldStartSeconds(clock.now - t0)
            let trainIDs = try data.userIDs(listedIn: options.trainUsers)
            let demoPop = try ColdStartDemographicPopularity(data, trainingUsers: trainIDs, smoothing: demopopSmoothing)
            let evaluation = ColdStartEvaluation(data, testUsers: try data.userIDs(listedIn: testUsers), cutoffs: [k])

            // Cross-check the library's variable elimination against exhaustive enumeration on
            // every evidence pattern (each attribute known or not).
            let reference = ColdStartEnumerationInference(network: try bn.recommenderNetwork())
            var ve = bn.variableElimination()
            let maxDifference = try Self.maxPosteriorDifference(data.schema, &ve, reference)

            var rows: [Row] = []
            let masks: [(String, [Bool])] = [("all", data.schema.names.map { _ in true })]
                + data.schema.names.indices.map { a in (data.schema.names[a], data.schema.names.indices.map { $0 == a }) }
            let popularity = demoPop.popularity
            let popularTop = popularity.withUnsafeBufferPointer { TopKSelector.select($0, k: k).map(\.item) }
            var latency = (meanMicroseconds: 0.0, medianMicroseconds: 0.0)
            if options.model.inference == "ve" {
                let t1 = clock.now
                var model = try options.model.model(ve, taste: taste, data: data)
                fitSeconds += coldStartSeconds(clock.now - t1)
                var tasteOnly = try options.model.model(ve, taste: taste, data: data, neighbourWeight: 0)
                rows = try Self.rows(evaluation, masks, popularTop, demoPop, &model, &tasteOnly)
                latency = try Self.latency(evaluation, &model, passes: latencyPasses, k: k)
            } else {
                let t1 = clock.now
                var model = try options.model.model(reference, taste: taste, data: data)
                fitSeconds += coldStartSeconds(clock.now - t1)
                var tasteOnly = try options.model.model(reference, taste: taste, data: data, neighbourWeight: 0)
                rows = try Self.rows(evaluation, masks, popularTop, demoPop, &model, &tasteOnly)
                latency = try Self.latency(evaluation, &model, passes: latencyPasses, k: k)
            }
            let sizes = taste.clusters.sizes
            if json {
                var object: [String: Any] = [
                    "users": evaluation.users.count, "train_users": taste.users.count, "items": data.itemCount, "k": k,
                    "taste_clusters": taste.clusters.count, "cluster_sizes": sizes, "kmeans_iterations": taste.clusters.iterations,
                    "structure": options.model.structure, "edges": bn.network.edges.map { "\(bn.network.variables[$0.parent].name)->\(bn.network.variables[$0.child].name)" },
                    "inference": options.model.inference, "inference_max_abs_diff_ve_vs_enumeration": maxDifference,
                    "fit_seconds": fitSeconds, "us_per_top10_mean": latency.meanMicroseconds, "us_per_top10_median": latency.medianMicroseconds,
                    "settings": ["profile": options.model.profile, "ess": options.model.ess, "item_smoothing": options.model.itemSmoothing,
                                 "popularity_weight": options.model.popularityWeight, "user_weight_exponent": options.model.userWeightExponent,
                                 "neighbour_weight": options.model.neighbourWeight, "neighbour_user_weight_exponent": options.model.neighbourUserWeightExponent,
                                 "attribute_decay": options.model.attributeDecay, "attribute_decay_override": options.model.attributeDecayOverride, "demopop_smoothing": demopopSmoothing, "seed": Int(options.model.seed)],
                ]
                object["rows"] = rows.map { r -> [String: Any] in
                    ["model": r.model, "attributes": r.attributes, "recall@\(k)": r.report.recall[0], "ndcg@\(k)": r.report.ndcg[0],
                     "hitrate@\(k)": r.report.hitRate[0], "ndcg@10_se": r.report.ndcgStandardError, "coverage@10": r.report.coverage,
                     "users": r.report.users]
                }
                let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: bytes, as: UTF8.self))
            } else {
                print("cold start: \(evaluation.users.count) held-out users, \(taste.users.count) training users, \(data.itemCount) items")
                print("taste model: \(taste.clusters.count) clusters on \(options.model.profile) (sizes \(sizes.map(String.init).joined(separator: " "))), structure \(options.model.structure): \(bn.network.edges.map { "\(bn.network.variables[$0.parent].name)→\(bn.network.variables[$0.child].name)" }.joined(separator: ", "))")
                print("fit (clusters, network, neighbours) \(String(format: "%.3f", fitSeconds)) s; inference \(options.model.inference); VE vs enumeration max |Δ| \(String(format: "%.2e", maxDifference))")
                let header = [pad("model", 12), pad("attributes", 12), pad("Recall@\(k)", 10, right: true), pad("NDCG@\(k)", 10, right: true),
                              pad("HR@\(k)", 10, right: true), pad("NDCG s.e.", 10, right: true), pad("Cov@10", 10, right: true)]
                print(header.joined(separator: " "))
                for r in rows {
                    let values = [r.report.recall[0], r.report.ndcg[0], r.report.hitRate[0], r.report.ndcgStandardError, r.report.coverage]
                    print(([pad(r.model, 12), pad(r.attributes, 12)] + values.map { pad(String(format: "%.4f", $0), 10, right: true) }).joined(separator: " "))
                }
                print(String(format: "kgrec-cold top-%d incl. inference: mean %.2f µs, median %.2f µs per user", k, latency.meanMicroseconds, latency.medianMicroseconds))
            }
        }
    }

    struct Row {
        var model: String
        var attributes: String
        var report: RankingReport
    }

    /// Rows per attribute mask: popularity (once), DemoPop, the taste network alone (γ = 0) and
    /// the model as configured.
    static func rows<I: ColdStartTasteInference>(
        _ evaluation: ColdStartEvaluation, _ masks: [(String, [Bool])], _ popularTop: [Int32],
        _ demoPop: ColdStartDemographicPopularity, _ model: inout ColdStartModel<I>, _ tasteOnly: inout ColdStartModel<I>
    ) throws -> [Row] {
        var rows: [Row] = []
        for (name, known) in masks {
            if name == "all" {
                rows.append(Row(model: "popularity", attributes: "none", report: try evaluation.run(known: known) { _, _ in popularTop }))
            }
            let demo = try evaluation.run(known: known) { evidence, k in
                demoPop.scores(for: evidence).withUnsafeBufferPointer { TopKSelector.select($0, k: k).map(\.item) }
            }
            rows.append(Row(model: "demopop", attributes: name, report: demo))
            var t = tasteOnly
            let bayes = try evaluation.run(known: known) { (evidence, k) throws(ColdStartError) in try t.recommend(evidence, k: k).map(\.item) }
            tasteOnly = t
            rows.append(Row(model: "bn-taste", attributes: name, report: bayes))
            var m = model
            let full = try evaluation.run(known: known) { (evidence, k) throws(ColdStartError) in try m.recommend(evidence, k: k).map(\.item) }
            model = m
            rows.append(Row(model: "kgrec-cold", attributes: name, report: full))
        }
        return rows
    }

    /// Per-user top-k time including inference, all attributes known: mean over every call and
    /// median of the per-pass means.
    static func latency<I: ColdStartTasteInference>(
        _ evaluation: ColdStartEvaluation, _ model: inout ColdStartModel<I>, passes: Int, k: Int
    ) throws -> (meanMicroseconds: Double, medianMicroseconds: Double) {
        let all = evaluation.dataset.schema.names.map { _ in true }
        let evidence = evaluation.users.map { evaluation.evidence(user: $0, known: all) }
        let clock = ContinuousClock()
        var perPass: [Double] = []
        var sink: Int32 = 0
        for _ in 0..<passes {
            let t0 = clock.now
            for e in evidence { sink &+= try model.recommend(e, k: k).first?.item ?? 0 }
            perPass.append(coldStartSeconds(clock.now - t0) * 1e6 / Double(max(evidence.count, 1)))
        }
        if sink == Int32.min { writeStandardError("") }
        let mean = perPass.reduce(0, +) / Double(perPass.count)
        perPass.sort()
        return (mean, perPass[perPass.count / 2])
    }

    /// Largest |P_VE(taste | e) − P_enum(taste | e)| over every evidence pattern.
    static func maxPosteriorDifference(_ schema: ColdStartAttributeSchema, _ ve: inout ColdStartVariableElimination,
                                       _ reference: ColdStartEnumerationInference) throws -> Double {
        var worst = 0.0
        var evidence = [Int?](repeating: nil, count: schema.count)
        func visit(_ a: Int) throws {
            if a == schema.count {
                let p = try ve.tastePosterior(evidence)
                let q = try reference.tastePosterior(evidence)
                for (x, y) in zip(p, q) { worst = max(worst, abs(x - y)) }
                return
            }
            evidence[a] = nil
            try visit(a + 1)
            for s in 0..<schema.states[a].count {
                evidence[a] = s
                try visit(a + 1)
            }
            evidence[a] = nil
        }
        try visit(0)
        return worst
    }
}

/// `kgrec recommend cold-start`: top-k for a new user described only by attributes.
struct RecommendColdStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cold-start",
        abstract: "Recommend for a new user from attributes only (missing attributes are unobserved, not imputed).",
        discussion: "Example: --attributes \"age_bucket=18-24,gender=F,occupation=student\" (any subset, or \"\" for none)."
    )

    @OptionGroup var options: ColdStartOptions
    @Option(help: "Known attributes: name=value,… (any subset of --attribute-columns).") var attributes: String
    @Option(name: [.short, .long], help: "Number of items.") var k: Int = 10
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard k > 0 else { throw ValidationError("-k must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let data = try options.loadDataset()
            let evidence = try data.schema.parse(attributes)
            let (taste, bn) = try options.fit(data)
            let items: [ScoredItem]
            let posterior: [Double]
            let clock = ContinuousClock()
            let t0 = clock.now
            if options.model.inference == "ve" {
                var model = try options.model.model(bn.variableElimination(), taste: taste, data: data)
                posterior = try model.inference.tastePosterior(evidence)
                items = try model.recommend(evidence, k: k)
            } else {
                var model = try options.model.model(ColdStartEnumerationInference(network: try bn.recommenderNetwork()), taste: taste, data: data)
                posterior = try model.inference.tastePosterior(evidence)
                items = try model.recommend(evidence, k: k)
            }
            let micros = coldStartSeconds(clock.now - t0) * 1e6
            let topTastes = posterior.enumerated().sorted { $0.element > $1.element }.prefix(3)
            if json {
                let object: [String: Any] = [
                    "attributes": data.schema.describe(evidence),
                    "taste_posterior": posterior,
                    "items": items.enumerated().map { rank, s -> [String: Any] in
                        ["rank": rank + 1, "item": data.items.labels[Int(s.item)], "title": data.itemTitles[Int(s.item)], "score": Double(s.score)]
                    },
                    "microseconds": micros,
                ]
                let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: bytes, as: UTF8.self))
            } else {
                let known = data.schema.describe(evidence)
                print("attributes: \(known.isEmpty ? "(none known)" : known)")
                print("taste posterior (top 3): " + topTastes.map { "c\($0.offset) \(String(format: "%.3f", $0.element))" }.joined(separator: ", "))
                for (rank, s) in items.enumerated() {
                    print("\(rank + 1)\t\(data.items.labels[Int(s.item)])\t\(String(format: "%.4f", s.score))\t\(data.itemTitles[Int(s.item)])")
                }
            }
        }
    }
}

private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
}

func coldStartSeconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
