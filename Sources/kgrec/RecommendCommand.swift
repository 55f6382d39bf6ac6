import ArgumentParser
import Foundation
import Recommender
import Store

/// `kgrec recommend …`: top-k recommendations.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend items for a store's user (--user) or a new user from attributes (--attributes).",
        subcommands: [RecommendFromStore.self, RecommendColdStart.self],
        defaultSubcommand: RecommendFromStore.self
    )
}

/// `kgrec recommend --store DIR --user ID` (warm, the registered hybrid model) or
/// `--attributes "name=value,…"` (cold start).
struct RecommendFromStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-store",
        abstract: "Top-k for a store user with the trained hybrid model, or for a new user from attributes.",
        discussion: "Examples: kgrec recommend --store kgrec-data --user 196 -k 10\n          kgrec recommend --store kgrec-data --attributes \"age_bucket=18-24,gender=F,occupation=student\""
    )

    @OptionGroup var store: StoreOption
    @Option(help: "A user's external id, as imported.") var user: String?
    @Option(help: "Cold start: known attributes name=value,… (any subset).") var attributes: String?
    @Option(name: [.short, .long], help: "Number of items.") var k: Int = 10
    @Flag(help: "Leave out the user's own training items (the default).") var excludeSeen = false
    @Flag(help: "Rank the user's own training items too.") var includeSeen = false
    @Option(help: "Registry id of the hybrid model (default: the latest).") var model: Int?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Warm users: give each recommended item its best explanation path (see `kgrec explain`).") var explain = false
    @OptionGroup(title: "Cold start (--attributes)") var coldStart: ColdStartStoreOptions

    func validate() throws {
        guard (user == nil) != (attributes == nil) else { throw ValidationError("give exactly one of --user and --attributes") }
        guard k > 0 else { throw ValidationError("-k must be positive") }
        if explain && user == nil { throw ValidationError("--explain works with --user; for a new user run `kgrec explain --attributes … --item ID`") }
        guard !(excludeSeen && includeSeen) else { throw ValidationError("--exclude-seen and --include-seen contradict each other") }
    }

    func run() throws {
        try reportingErrors {
            guard let user else {
                try runColdStartRecommendation(store: store.path, attributes: attributes!, k: k, json: json, options: coldStart)
                return
            }
            let s = try KGStore.open(at: store.path, create: false)
            let (record, hybrid) = try HybridTraining.load(store: s, id: model)
            let catalogue = try StoreCatalogue.load(from: s)
            guard let id = catalogue.users.id(user) else {
                throw ValidationError("user '\(user)' is not in \(store.path) (for a new user, pass --attributes)")
            }
            let top = hybrid.recommend(user: Int(id), k: k, excludeSeen: !includeSeen)
            let seen = Int(id) < hybrid.interactions.userCount ? hybrid.interactions.degree(user: Int(id)) : 0
            var explanations: [ExplanationDocument?] = Array(repeating: nil, count: top.count)
            if explain {
                var settings = ExplanationSettings()
                settings.paths = 1
                var explainer = WarmExplainer(search: try ExplanationPathSearch(graph: ExplanationGraph(catalogue: catalogue), settings: settings))
                let configuration = (try? JSONDecoder().decode(HybridConfiguration.self, from: Data(record.configuration.utf8))) ?? HybridConfiguration()
                let sources = ScoreAttribution(recommender: hybrid, configuration: configuration)
                    .sources(user: Int(id), items: top.map { Int($0.item) })
                for (n, r) in top.enumerated() where explainer.graph.itemEntity[Int(r.item)] >= 0 {
                    explanations[n] = explainer.explain(user: user, item: r.item, score: Double(r.score), sources: sources[n])
                }
            }
            if json {
                var items: [[String: Any]] = top.map {
                    ["item": catalogue.items.labels[Int($0.item)], "title": catalogue.itemTitles[Int($0.item)] ?? NSNull(), "score": Double($0.score)]
                }
                for n in items.indices where explain {
                    items[n]["explanation"] = try explanations[n].map { try JSONSerialization.jsonObject(with: Data($0.jsonLine().utf8)) } ?? NSNull()
                }
                let object: [String: Any] = ["user": user, "model": record.id, "training_items": seen, "items": items]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("user \(user): \(seen) training items; hybrid model \(record.id) (\(record.createdAt))")
                for (rank, r) in top.enumerated() {
                    let title = catalogue.itemTitles[Int(r.item)] ?? ""
                    print("\(rank + 1)\t\(catalogue.items.labels[Int(r.item)])\t\(String(format: "%.4f", r.score))\t\(title)")
                    if explain {
                        let lines = explanations[rank].map { ExplanationTextWriter.text($0).split(separator: "\n").dropFirst() } ?? []
                        print(lines.first.map { "\t\($0.trimmingCharacters(in: .whitespaces))" } ?? "\t(no KG path of ≤ 3 hops)")
                    }
                }
            }
        }
    }
}
