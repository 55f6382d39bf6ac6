import ArgumentParser

/// `kgrec export …`. Minimal group for the explain branch (only `explanations`); the lead merges
/// it with the Export group written in parallel.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export data derived from a store.",
        subcommands: [ExportExplanations.self]
    )
}
