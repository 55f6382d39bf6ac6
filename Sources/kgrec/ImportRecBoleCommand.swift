import ArgumentParser
import KnowledgeGraph
import Store

/// `kgrec import recbole DIR`
struct ImportRecBole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recbole",
        abstract: "Import a RecBole atomic dataset (.inter, .user, .item, .kg, .link with name:type headers) as it is.",
        discussion: """
        All files present are imported in one transaction. KG tokens (entities and relations of .kg and .link) \
        can be turned into IRIs with --namespace, so that an ontology describing them (e.g. ontologies/film.rdf \
        with --namespace http://rdf.freebase.com/ns/) labels and types them.
        """
    )

    @Argument(help: "The dataset directory.")
    var directory: String

    @Option(help: "IRI prefix for KG tokens that are not absolute IRIs.")
    var namespace: String?

    @Option(help: "Leave out interactions whose rating is below this.")
    var minValue: Double?

    @Option(help: "Bucket a numeric user column: column:edge,edge,… (repeatable).")
    var bucket: [String] = []

    @Option(help: "User id field.") var userField = "user_id"
    @Option(help: "Item id field.") var itemField = "item_id"
    @Option(help: "Rating field (.inter).") var ratingField = "rating"
    @Option(help: "Time field (.inter).") var timeField = "timestamp"

    @OptionGroup var common: ImportCommonOptions

    func run() throws {
        try common.run { store, options in
            var f = RecBoleDataset.Options()
            f.namespace = IdentifierNamespace(namespace)
            f.minValue = minValue
            f.buckets = try bucket.map { try BucketSpec(parsing: $0) }
            f.userField = userField; f.itemField = itemField; f.ratingField = ratingField; f.timeField = timeField
            return try store.importRecBole(directory: directory, format: f, options: options)
        }
    }
}
