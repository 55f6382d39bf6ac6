import KnowledgeGraph

/// Everything one import parsed, not yet applied to the store.
///
/// Parsing fills this in memory only; ``KGStore/apply(_:)`` then writes the
/// graph snapshot and commits the database changes in one transaction.
struct StagedImport {
    var report: ImportReport
    var optionsText: String
    var builder: KnowledgeGraphBuilder
    var literals = EntityLiterals()
    var users: AttributeTable?
    var items: AttributeTable?
    /// Column of `items` whose value labels the item's linked entity when it has no better label.
    var itemLabelColumn: String?
    var interactions: InteractionTable?
    var links: LinkTable?
    var diagnostics: RowDiagnostics
    let startedAt = KGStore.timestamp()

    init(kind: String, sources: [String], importID: Int, optionsText: String, base: KnowledgeGraph, skipBadRows: Bool) {
        report = ImportReport(kind: kind, sources: sources, importID: importID)
        self.optionsText = optionsText
        builder = KnowledgeGraphBuilder(base: base)
        diagnostics = RowDiagnostics(skipBadRows: skipBadRows)
    }
}

/// Rank given to labels taken from an item table (worse than any RDF label).
let itemTitleLabelRank = 1 << 30
