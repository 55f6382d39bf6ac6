import ArgumentParser
import Foundation
import Recommender
import Store

/// `kgrec explain`: why an item is recommended to a user, as KG paths (text, JSON or DOT).
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain why an item is recommended: KG paths from the user's items (or, cold start, from the attributes' taste) to the item.",
        discussion: """
            Warm users (--user): the hybrid model is trained from the store, and paths of at most --max-hops KG edges \
            from the user's liked items to the item are ranked by the item's contribution to the score, hub penalty and \
            (with --transe-epochs) TransE plausibility. Cold start (--attributes "age_bucket=18-24,gender=F,occupation=student"): \
            the Bayesian network's taste posterior, then paths from items of the likeliest tastes. \
            JSON follows the schema kgrec-explanation/1; DOT renders with `dot -Tsvg`.
            """
    )

    @OptionGroup var store: StoreOption
    @Option(help: "User external id (warm).") var user: String?
    @Option(help: "Known attributes of a new user: name=value,… (cold start).") var attributes: String?
    @Option(help: "Item external id.") var item: String
    @OptionGroup var options: ExplanationOptions
    @Option(help: "Output: text | json | dot.") var format: String = "text"
    @Option(help: "Cold start: user attribute names, comma-separated.") var attributeColumns: String = "age_bucket,gender,occupation"
    @Option(help: "Cold start: item attribute holding the genres.") var genreAttribute: String = "class"
    @Option(help: "Interactions valued ≥ this are positives.") var ratingThreshold: Double = 4

    func validate() throws {
        guard (user == nil) != (attributes == nil) else { throw ValidationError("give exactly one of --user (warm) and --attributes (cold start)") }
        guard ["text", "json", "dot"].contains(format) else { throw ValidationError("--format must be text, json or dot, got '\(format)'") }
    }

    func run() throws {
        try reportingErrors {
            let document: ExplanationDocument
            if let user {
                let model = try WarmModel.load(store: store.path, ratingThreshold: ratingThreshold)
                let c = model.catalogue
                guard let u = c.users.id(user) else { throw ExplanationError.unknownUser(user) }
                guard let j = c.items.id(item) else { throw ExplanationError.unknownItem(item) }
                let graph = ExplanationGraph(catalogue: c)
                guard graph.itemEntity[Int(j)] >= 0 else { throw ExplanationError.unlinkedItem(item) }
                var explainer = WarmExplainer(search: try options.search(c, graph: graph, store: store.path))
                let attribution = ScoreAttribution(recommender: model.recommender, configuration: model.configuration)
                document = explainer.explain(user: user, item: j, score: attribution.score(user: Int(u), item: Int(j)),
                                             sources: attribution.sources(user: Int(u), item: Int(j)))
            } else {
                let kgStore = try KGStore.open(at: store.path, create: false)
                let c = try StoreCatalogue.load(from: kgStore)
                guard let j = c.items.id(item) else { throw ExplanationError.unknownItem(item) }
                var explainer = try Self.coldStartExplainer(c, options: options, attributeColumns: attributeColumns,
                                                            genreAttribute: genreAttribute, ratingThreshold: ratingThreshold)
                let evidence = try explainer.data.schema.parse(attributes ?? "")
                document = try explainer.explain(evidence: evidence, item: j)
            }
            switch format {
            case "json": print(try document.prettyJSON())
            case "dot": print(ExplanationDOTWriter.dot(document), terminator: "")
            default: print(ExplanationTextWriter.text(document), terminator: "")
            }
        }
    }

    /// The cold-start model of the store (taste clusters over all store users with positives,
    /// naive-Bayes network, variable elimination) wrapped in an explainer.
    static func coldStartExplainer(_ c: StoreCatalogue, options: ExplanationOptions, attributeColumns: String, genreAttribute: String,
                                   ratingThreshold: Double) throws -> ColdStartExplainer<ColdStartVariableElimination> {
        let columns = attributeColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let data = try ColdStartDataset(catalogue: c, attributeNames: columns, ratingThreshold: ratingThreshold, itemFeatureAttribute: genreAttribute)
        let settings = ColdStartSettings()
        let taste = try ColdStartTrainer.fit(data, trainingUsers: (0..<Int32(data.users.count)).map { $0 }, settings: settings)
        let bn = try ColdStartBayesNetwork.learn(schema: data.schema, taste: taste, structure: .naive, equivalentSampleSize: 10)
        let model = try ColdStartModel(inference: bn.variableElimination(), preference: taste.preference, popularity: taste.popularity,
                                       popularityWeight: Float(settings.popularityWeight))
        return try ColdStartExplainer(model: model, data: data, taste: taste, search: try options.search(c, graph: ExplanationGraph(catalogue: c)))
    }
}
