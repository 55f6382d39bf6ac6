import ArgumentParser
import KnowledgeGraph
import Store

/// `kgrec import interactions FILE --user-col --item-col …`
struct ImportInteractions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interactions",
        abstract: "Import user–item interactions from a CSV/TSV file with a header line.",
        discussion: """
        Columns are named as in the header (for RecBole headers, the part before ':'). An interaction \
        already stored (same user, item and time) is not added again.
        """
    )

    @Argument(help: "The interactions file.")
    var file: String

    @Option(help: "User id column.")
    var userCol: String

    @Option(help: "Item id column.")
    var itemCol: String

    @Option(help: "Value column (rating, count, …).")
    var valueCol: String?

    @Option(help: "Timestamp column (a number, e.g. Unix seconds).")
    var timeCol: String?

    @Option(help: "Field separator (default: tab if the header has one, else comma).")
    var delimiter: String?

    @Option(help: "Leave out rows whose value is below this (needs --value-col).")
    var minValue: Double?

    @OptionGroup var common: ImportCommonOptions

    func validate() throws {
        if minValue != nil && valueCol == nil { throw ValidationError("--min-value needs --value-col") }
    }

    func run() throws {
        let d = try parseDelimiter(delimiter)
        try common.run { store, options in
            try store.importInteractions(
                file: file,
                format: .init(userColumn: userCol, itemColumn: itemCol, valueColumn: valueCol, timeColumn: timeCol,
                              delimiter: d, minValue: minValue),
                options: options)
        }
    }
}
