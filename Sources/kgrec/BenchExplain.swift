import ArgumentParser
import Embedding
import Foundation
import Recommender
import Store

/// `kgrec bench explain`: the explanation quality figures on a store — validity, coverage,
/// path lengths and relations, fidelity and latency — over every warm user's top-k.
struct BenchExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Measure explanation paths over every warm user's top-k: validity, coverage, lengths, relations, fidelity, latency.",
        discussion: """
            Trains the hybrid model from the store, recommends top-k for every user with a positive, explains each \
            (user, item) and reports: validity (every step an edge/interaction of the store), coverage (share of pairs \
            with a path), path-length and relation distributions, fidelity (removing the facts of the top path — the \
            walked edge and its stored inverse twin — lowers the walk's propagation score Σ_i W[i, j]: share of cases \
            and mean drop) and per-pair latency (sources + search + document). Use a release build.
            """
    )

    @OptionGroup var store: StoreOption
    @Option(name: .short, help: "Recommendations per user.") var k: Int = 10
    @OptionGroup var options: ExplanationOptions
    @Option(help: "Latency passes over all pairs (the reported percentiles pool every pass).") var passes: Int = 3
    @Option(help: "Interactions valued ≥ this are positives.") var ratingThreshold: Double = 4
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try reportingErrors {
            let clock = ContinuousClock()
            let model = try WarmModel.load(store: store.path, ratingThreshold: ratingThreshold)
            let ta = clock.now
            let attribution = ScoreAttribution(recommender: model.recommender, configuration: model.configuration)
            let attributionSetupSeconds = coldStartSeconds(clock.now - ta)
            let c = model.catalogue
            let graph = ExplanationGraph(catalogue: c)
            let t0 = clock.now
            var explainer = WarmExplainer(search: try options.search(c, graph: graph, store: store.path))
            let setupSeconds = coldStartSeconds(clock.now - t0)
            // A user's items are the imported interactions plus the feedback log's events (a model
            // trained with --incremental learns from both; both are in the store).
            var interactionUsers = c.interactionUsers, interactionItems = c.interactionItems
            for e in try KGStore.open(at: store.path, create: false).events() {
                if let u = c.users.id(e.event.user), let i = c.items.id(e.event.item) { interactionUsers.append(u); interactionItems.append(i) }
            }
            let validator = ExplanationValidator(graph: graph, users: c.users, items: c.items,
                                                 interactionUsers: interactionUsers, interactionItems: interactionItems)
            let rec = model.recommender
            let warm = (0..<c.users.count).filter { model.positives.degree(user: $0) > 0 }
            let pairs: [(user: Int, item: Int32, score: Float)] = warm.flatMap { u in rec.recommend(user: u, k: k).map { (u, $0.item, $0.score) } }

            // Latency: sources + search + document per pair.
            var micros: [Double] = [], cpuMicros: [Double] = [], attributionMicros: [Double] = []
            micros.reserveCapacity(pairs.count * passes)
            attributionMicros.reserveCapacity(pairs.count * passes)
            cpuMicros.reserveCapacity(pairs.count * passes)
            var documents: [ExplanationDocument] = []
            var batchSeconds: [Double] = []
            for pass in 0..<passes {
                let tb = clock.now
                for p in pairs {
                    let cs = threadCPUSeconds()
                    let ts = clock.now
                    let sources = attribution.sources(user: p.user, item: Int(p.item))
                    attributionMicros.append(coldStartSeconds(clock.now - ts) * 1e6)
                    let d = explainer.explain(user: c.users.labels[p.user], item: p.item, score: Double(p.score), sources: sources)
                    micros.append(coldStartSeconds(clock.now - ts) * 1e6)
                    cpuMicros.append((threadCPUSeconds() - cs) * 1e6)
                    if pass == 0 { documents.append(d) }
                }
                batchSeconds.append(coldStartSeconds(clock.now - tb))
            }
            let te = clock.now
            var bytes = 0
            for d in documents { bytes += d.jsonLine().utf8.count + 1 }
            let encodeSeconds = coldStartSeconds(clock.now - te)
            micros.sort()
            cpuMicros.sort()
            attributionMicros.sort()
            func percentile(_ q: Double, _ v: [Double]? = nil) -> Double {
                let xs = v ?? micros
                return xs.isEmpty ? 0 : xs[min(xs.count - 1, Int((q * Double(xs.count)).rounded(.up)) - 1)]
            }
            // Search work per pair (untimed pass).
            var candidates: [Int] = [], searched: [Int] = []
            var truncated = 0
            for p in pairs {
                let r = explainer.search.search(sources: attribution.sources(user: p.user, item: Int(p.item)), target: p.item)
                candidates.append(r.candidates)
                searched.append(r.sourcesSearched)
                if r.truncated { truncated += 1 }
            }
            let itemsPerUser = pairs.map { model.positives.degree(user: $0.user) }

            // Validity, coverage, lengths, relations.
            var steps = 0, invalid = 0, covered = 0
            var firstInvalid: String?
            var topLengths: [Int: Int] = [:], allLengths: [Int: Int] = [:], relations: [String: Int] = [:], topRelations: [String: Int] = [:]
            for d in documents {
                do { steps += try validator.validate(d) } catch { invalid += 1; if firstInvalid == nil { firstInvalid = "\(error)" } }
                if let top = d.paths.first {
                    covered += 1
                    topLengths[top.kgHops, default: 0] += 1
                    for s in top.steps where !s.relation.hasPrefix("kgrec:") { topRelations[s.relationLabel, default: 0] += 1 }
                }
                for p in d.paths {
                    allLengths[p.kgHops, default: 0] += 1
                    for s in p.steps where !s.relation.hasPrefix("kgrec:") { relations[s.relationLabel, default: 0] += 1 }
                }
            }

            // Fidelity on the propagation walk.
            let tf = clock.now
            let cfg = model.configuration
            let probe = WalkContributionProbe(
                knowledgeGraph: c.knowledgeGraph, interactions: model.positives,
                walk: RandomWalkPropagation(kgWeight: cfg.walkKGWeight, popularityExponent: cfg.popularityExponent, hubCap: cfg.hubCap))
            var lowered = 0, unchanged = 0, raised = 0, probed = 0
            var relativeDrop = 0.0, absoluteDrop = 0.0
            for (n, d) in documents.enumerated() {
                guard let top = d.paths.first else { continue }
                let p = pairs[n]
                var removed: [IndexedTriple] = []
                var previous = graph.itemEntity[Int(c.items.id(top.steps[0].entity)!)]
                for s in top.steps.dropFirst() {
                    let r = graph.relations.id(of: s.relation)!, e = graph.entities.id(of: s.entity)!
                    let (h, t) = s.direction == "forward" ? (previous, e) : (e, previous)
                    removed.append(IndexedTriple(head: h, relation: r, tail: t))
                    let inv = graph.inverse[Int(r)]
                    if inv >= 0 && graph.csr.contains(head: t, relation: inv, tail: h) {
                        removed.append(IndexedTriple(head: t, relation: inv, tail: h))
                    }
                    previous = e
                }
                let items = model.positives.items(of: p.user)
                let before = probe.score(items: items, target: Int(p.item))
                let after = probe.score(items: items, target: Int(p.item), removal: probe.removal(of: removed))
                probed += 1
                let tolerance = 1e-12 * max(abs(before), 1e-300)
                if after < before - tolerance { lowered += 1 } else if after > before + tolerance { raised += 1 } else { unchanged += 1 }
                absoluteDrop += before - after
                if before > 0 { relativeDrop += (before - after) / before }
            }
            let fidelitySeconds = coldStartSeconds(clock.now - tf)

            let pairCount = documents.count
            let summary: [String: Any] = [
                "users": warm.count, "pairs": pairCount, "k": k, "max_hops": options.maxHops, "paths_per_pair": options.paths,
                "hub_cap": options.hubCap, "hub_penalty": options.hubPenalty, "transe_epochs": options.transEEpochs,
                "model_training_seconds": model.trainingSeconds, "search_setup_seconds": setupSeconds,
                "validity": ["steps_checked": steps, "invalid_documents": invalid, "first_error": firstInvalid ?? ""],
                "coverage": pairCount > 0 ? Double(covered) / Double(pairCount) : 0,
                "top_path_lengths": topLengths.sorted { $0.key < $1.key }.map { ["hops": $0.key, "count": $0.value] },
                "all_path_lengths": allLengths.sorted { $0.key < $1.key }.map { ["hops": $0.key, "count": $0.value] },
                "relations_in_top_paths": topRelations.sorted { $0.value > $1.value }.map { ["relation": $0.key, "count": $0.value] },
                "relations_in_all_paths": relations.sorted { $0.value > $1.value }.map { ["relation": $0.key, "count": $0.value] },
                "fidelity": ["probed": probed, "lowered": lowered, "unchanged": unchanged, "raised": raised,
                             "fraction_lowered": probed > 0 ? Double(lowered) / Double(probed) : 0,
                             "mean_relative_drop": probed > 0 ? relativeDrop / Double(probed) : 0,
                             "mean_absolute_drop": probed > 0 ? absoluteDrop / Double(probed) : 0, "seconds": fidelitySeconds],
                "latency_us": ["p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99), "max": micros.last ?? 0,
                               "mean": micros.isEmpty ? 0 : micros.reduce(0, +) / Double(micros.count), "samples": micros.count],
                "attribution_us": ["p50": percentile(0.5, attributionMicros), "p99": percentile(0.99, attributionMicros),
                                   "als_share": attribution.vectorPart != nil, "setup_seconds": attributionSetupSeconds],
                "thread_cpu_us": ["p50": percentile(0.5, cpuMicros), "p90": percentile(0.9, cpuMicros), "p99": percentile(0.99, cpuMicros), "max": cpuMicros.last ?? 0],
                "search_work": ["mean_candidates": Double(candidates.reduce(0, +)) / Double(max(candidates.count, 1)), "max_candidates": candidates.max() ?? 0,
                                "mean_starts_searched": Double(searched.reduce(0, +)) / Double(max(searched.count, 1)),
                                "mean_user_items": Double(itemsPerUser.reduce(0, +)) / Double(max(itemsPerUser.count, 1)), "truncated": truncated],
                "batch_seconds_per_pass": batchSeconds, "json_encode_seconds": encodeSeconds, "jsonl_bytes": bytes,
            ]
            if json {
                let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            print("explanations: \(warm.count) warm users × top-\(k) = \(pairCount) pairs; max hops \(options.maxHops), \(options.paths) paths, hub cap \(options.hubCap), TransE epochs \(options.transEEpochs)")
            print(String(format: "model training %.2f s, search setup %.2f s", model.trainingSeconds, setupSeconds))
            print("validity: \(steps) steps checked, \(invalid) invalid documents\(firstInvalid.map { " (first: \($0))" } ?? "")")
            print(String(format: "coverage: %.2f%% of pairs have a path of ≤ %d hops (%d of %d)", 100 * Double(covered) / Double(max(pairCount, 1)), options.maxHops, covered, pairCount))
            print("top path lengths: " + topLengths.sorted { $0.key < $1.key }.map { "\($0.key) hops \($0.value)" }.joined(separator: ", "))
            print("all path lengths: " + allLengths.sorted { $0.key < $1.key }.map { "\($0.key) hops \($0.value)" }.joined(separator: ", "))
            print("relations in top paths: " + topRelations.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("relations in all paths: " + relations.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print(String(format: "fidelity: removing the top path's facts lowers the walk score in %.2f%% of %d cases (unchanged %d, raised %d); mean relative drop %.4f%%, mean absolute drop %.3e (%.1f s)",
                         100 * Double(lowered) / Double(max(probed, 1)), probed, unchanged, raised, 100 * relativeDrop / Double(max(probed, 1)),
                         absoluteDrop / Double(max(probed, 1)), fidelitySeconds))
            print(String(format: "latency per (user, item), wall: p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs (%d samples)",
                         percentile(0.5), percentile(0.9), percentile(0.99), micros.last ?? 0, micros.count))
            print(String(format: "latency per (user, item), thread CPU: p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs",
                         percentile(0.5, cpuMicros), percentile(0.9, cpuMicros), percentile(0.99, cpuMicros), cpuMicros.last ?? 0))
            let attributed = attribution.vectorPart != nil ? "item–item terms + implicit-ALS shares" : "item–item terms"
            print("of which score attribution (\(attributed)): "
                  + String(format: "p50 %.0f µs, p99 %.0f µs (set up in %.2f s)", percentile(0.5, attributionMicros),
                           percentile(0.99, attributionMicros), attributionSetupSeconds))
            print(String(format: "search work: %.0f candidates per pair (max %d), %.1f of %.1f start items searched, %d truncated",
                         Double(candidates.reduce(0, +)) / Double(max(candidates.count, 1)), candidates.max() ?? 0,
                         Double(searched.reduce(0, +)) / Double(max(searched.count, 1)),
                         Double(itemsPerUser.reduce(0, +)) / Double(max(itemsPerUser.count, 1)), truncated))
            print("batch: all \(pairCount) pairs explained in " + batchSeconds.map { String(format: "%.2f s", $0) }.joined(separator: " / ")
                  + String(format: " per pass; JSON encoding %.2f s (%d bytes)", encodeSeconds, bytes))
        }
    }
}

/// CPU time of the calling thread (immune to time slices lost on a shared machine).
private func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
