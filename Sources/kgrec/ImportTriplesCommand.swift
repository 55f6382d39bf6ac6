import ArgumentParser
import KnowledgeGraph
import Store

/// `kgrec import triples FILE [--header]`
struct ImportTriples: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triples",
        abstract: "Import head/relation/tail TSV triples (RecBole .kg, PyKEEN, DGL-KE, PyTorch-BigGraph).",
        discussion: "Triples already in the store are not added again."
    )

    @Argument(help: "The triples file.")
    var file: String

    @Flag(help: "The first line is a header.")
    var header = false

    @Option(help: "Field separator (default tab).")
    var delimiter: String?

    @Option(help: "IRI prefix for identifiers that are not absolute IRIs (e.g. http://rdf.freebase.com/ns/).")
    var namespace: String?

    @OptionGroup var common: ImportCommonOptions

    func run() throws {
        let d = try parseDelimiter(delimiter)
        try common.run { store, options in
            try store.importTriples(
                file: file, format: .init(hasHeader: header, delimiter: d, namespace: IdentifierNamespace(namespace)),
                options: options)
        }
    }
}
