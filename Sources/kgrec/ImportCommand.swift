import ArgumentParser
import Foundation
import KnowledgeGraph
import Store

/// `kgrec import …`: load ontologies, KG triples, interactions and users into a store.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import ontologies, KG triples, interactions, users or a RecBole dataset into a store.",
        discussion: "Every import is all-or-nothing: on any error the store is left exactly as it was.",
        subcommands: [ImportOntology.self, ImportTriples.self, ImportInteractions.self, ImportUsers.self, ImportRecBole.self]
    )
}

/// Options every `kgrec import` subcommand takes.
struct ImportCommonOptions: ParsableArguments {
    @OptionGroup var store: StoreOption

    @Flag(help: "Skip malformed rows (counted, first ones listed) instead of failing the import.")
    var skipBadRows = false

    @Flag(name: .shortAndLong, help: "No progress bar and no summary on stderr.")
    var quiet = false

    @Flag(help: "Print the import report as JSON on stdout.")
    var json = false

    /// Opens (creating if needed) the store and runs `body` with import options wired to a progress bar.
    func run(_ body: (KGStore, ImportOptions) throws -> ImportReport) throws {
        try reportingErrors {
            let store = try KGStore.open(at: self.store.path, create: true)
            let bar = ImportProgressBar(enabled: !quiet)
            let options = ImportOptions(skipBadRows: skipBadRows, progress: bar.handler)
            let report: ImportReport
            do {
                report = try body(store, options)
            } catch {
                bar.finish()
                throw error
            }
            bar.finish()
            print(report: report)
        }
    }

    private func print(report r: ImportReport) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            writeStandardOutput(String(decoding: (try? encoder.encode(r)) ?? Data(), as: UTF8.self) + "\n")
        } else {
            var parts = [String]()
            func add(_ n: Int, _ what: String) { if n != 0 { parts.append("+\(n) \(what)") } }
            add(r.addedEntities, "entities"); add(r.addedRelations, "relations"); add(r.addedTriples, "triples")
            add(r.addedInversePairs, "inverse pairs"); add(r.labelsSet, "labels"); add(r.addedAttributes, "attributes")
            add(r.addedUsers, "users"); add(r.addedItems, "items"); add(r.linkedItems, "item links")
            add(r.addedInteractions, "interactions")
            let what = parts.isEmpty ? "nothing new" : parts.joined(separator: ", ")
            writeStandardOutput("import #\(r.importID) \(r.kind): \(r.rowsRead) rows read, \(what) (\(String(format: "%.3f", r.seconds)) s)\n")
            if r.belowMinimum > 0 { writeStandardOutput("  \(r.belowMinimum) interactions below --min-value left out\n") }
        }
        if r.rowsSkipped > 0 {
            writeStandardError("kgrec: warning: skipped \(r.rowsSkipped) malformed row(s)\n")
            for w in r.warnings { writeStandardError("  \(w)\n") }
            if r.rowsSkipped > r.warnings.count { writeStandardError("  … and \(r.rowsSkipped - r.warnings.count) more\n") }
        }
        for c in r.inverseConflicts { writeStandardError("kgrec: warning: \(c)\n") }
    }
}

/// Parses `--delimiter` values: `tab`, `comma`, `semicolon`, `pipe`, `space` or a single ASCII character.
func parseDelimiter(_ text: String?) throws -> UInt8? {
    guard let text else { return nil }
    switch text.lowercased() {
    case "tab", "\\t", "\t": return 0x09
    case "comma", ",": return 0x2C
    case "semicolon", ";": return 0x3B
    case "pipe", "|": return 0x7C
    case "space", " ": return 0x20
    default:
        guard text.utf8.count == 1, let b = text.utf8.first, b < 0x80, b != 0x0A, b != 0x0D else {
            throw ValidationError("--delimiter must be tab, comma, semicolon, pipe, space or one ASCII character, not '\(text)'")
        }
        return b
    }
}
