import ArgumentParser
import KnowledgeGraph
import Store

/// `kgrec import users FILE --id-col … [--attributes …] [--bucket col:edges]`
struct ImportUsers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Import users with categorical attributes from a CSV/TSV file with a header line.",
        discussion: """
        A numeric column can be bucketed: --bucket age:0,18,25,35,45,50,56 adds the attribute age_bucket \
        (values such as 18-24 and 56+). Without --attributes every column but the id is kept, a bucketed \
        column replaced by its buckets. Importing a user again replaces the attributes given.
        """
    )

    @Argument(help: "The users file.")
    var file: String

    @Option(help: "User id column.")
    var idCol: String

    @Option(help: "Comma-separated attributes to keep (column names, or <column>_bucket for a bucketed column).")
    var attributes: String?

    @Option(help: "Bucket a numeric column: column:edge,edge,… (repeatable).")
    var bucket: [String] = []

    @Option(help: "Field separator (default: tab if the header has one, else comma).")
    var delimiter: String?

    @OptionGroup var common: ImportCommonOptions

    func run() throws {
        let d = try parseDelimiter(delimiter)
        try common.run { store, options in
            let buckets = try bucket.map { try BucketSpec(parsing: $0) }
            let attrs = attributes.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            return try store.importUsers(
                file: file, format: .init(idColumn: idCol, attributes: attrs, buckets: buckets, delimiter: d),
                options: options)
        }
    }
}
