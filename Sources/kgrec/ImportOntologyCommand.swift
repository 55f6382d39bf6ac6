import ArgumentParser
import KnowledgeGraph
import RDF
import Store

/// `kgrec import ontology FILE…`
struct ImportOntology: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ontology",
        abstract: "Import RDF files (RDF/XML, N-Triples or Turtle, auto-detected) into the store's graph.",
        discussion: """
        IRI-valued statements become edges; rdfs:label / skos:prefLabel / dc:title literals become display \
        labels (see --languages); other literals become typed attributes. owl:inverseOf declares inverse relations. \
        All files are imported in one transaction.
        """
    )

    @Argument(help: "RDF files.")
    var files: [String]

    @Option(help: "Input format for every file; detected per file when auto.")
    var from: InputFormatOption = .auto

    @Option(help: "Preferred label languages, best first; an empty item means untagged (default: en,).")
    var languages: String = "en,"

    @OptionGroup var common: ImportCommonOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one RDF file") }
    }

    func run() throws {
        try common.run { store, options in
            var options = options
            options.labelPolicy = LabelPolicy(languageList: languages)
            return try store.importOntology(files: files, format: from.format, options: options)
        }
    }
}
