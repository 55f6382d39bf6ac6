import ArgumentParser
import Foundation
import Recommender

/// `kgrec export explanations`: the top-k recommendations of many users, each with its
/// explanation paths, as JSON Lines (schema kgrec-explanation/1, one object per (user, item)).
struct ExportExplanations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explanations",
        abstract: "Write each listed user's top-k recommendations with their explanation paths as JSON Lines.",
        discussion: """
            One JSON object per (user, recommended item), best item first: user, item, score and paths (each with \
            steps, score and share; every step's entity is the node's identifier as imported). The file is written \
            under a temporary name and renamed when complete.
            """
    )

    @OptionGroup var store: StoreOption
    @Option(help: "Users to export, one external id per line ('user…' header allowed), or 'all'.") var users: String
    @Option(name: .short, help: "Recommendations per user.") var k: Int = 10
    @Option(help: "Output format (jsonl).") var format: String = "jsonl"
    @Option(help: "Output file.") var out: String
    @OptionGroup var options: ExplanationOptions
    @Option(help: "Interactions valued ≥ this are positives.") var ratingThreshold: Double = 4

    func validate() throws {
        guard k > 0 else { throw ValidationError("-k must be positive") }
        guard format == "jsonl" else { throw ValidationError("--format must be jsonl, got '\(format)'") }
    }

    func run() throws {
        try reportingErrors {
            let clock = ContinuousClock()
            let t0 = clock.now
            let model = try WarmModel.load(store: store.path, ratingThreshold: ratingThreshold)
            let attribution = ScoreAttribution(recommender: model.recommender, configuration: model.configuration)
            let c = model.catalogue
            let ids = try Self.readUsers(users, catalogue: c)
            var explainer = WarmExplainer(search: try options.search(c, graph: ExplanationGraph(catalogue: c), store: store.path))
            let t1 = clock.now
            let temporary = out + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw ExplanationExportError.cannotWrite(path: temporary)
            }
            var buffer = ""
            var lines = 0, withPath = 0
            do {
                for (name, u) in ids {
                    let top = model.recommender.recommend(user: Int(u), k: k)
                    let sources = attribution.sources(user: Int(u), items: top.map { Int($0.item) })
                    for (n, rec) in top.enumerated() {
                        let d = explainer.explain(user: name, item: rec.item, score: Double(rec.score), sources: sources[n])
                        ExplanationJSONWriter.write(d, to: &buffer)
                        buffer += "\n"
                        lines += 1
                        if !d.paths.isEmpty { withPath += 1 }
                    }
                    if buffer.utf8.count > 1 << 20 { try handle.write(contentsOf: Data(buffer.utf8)); buffer = "" }
                }
                try handle.write(contentsOf: Data(buffer.utf8))
                try handle.synchronize()
                try handle.close()
                // rename(2) replaces an existing file atomically.
                guard rename(temporary, out) == 0 else { throw ExplanationExportError.cannotWrite(path: out) }
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
            let t2 = clock.now
            writeStandardError("wrote \(lines) explanations for \(ids.count) users to \(out) (\(withPath) with a path); "
                + String(format: "model %.2f s, explanations %.2f s, total %.2f s\n", coldStartSeconds(t1 - t0), coldStartSeconds(t2 - t1), coldStartSeconds(t2 - t0)))
        }
    }

    /// Users listed in `path` (or every store user for "all") as (external id, dense id).
    static func readUsers(_ path: String, catalogue c: StoreCatalogue) throws -> [(String, Int32)] {
        if path == "all" { return c.users.labels.enumerated().map { ($1, Int32($0)) } }
        guard let data = FileManager.default.contents(atPath: path) else { throw ExplanationExportError.cannotRead(path: path) }
        var out: [(String, Int32)] = []
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "\t").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            if line.isEmpty || (n == 0 && line.lowercased().hasPrefix("user")) { continue }
            guard let u = c.users.id(line) else { throw ExplanationExportError.unknownUser(path: path, line: n + 1, user: line) }
            out.append((line, u))
        }
        return out
    }
}

/// Why an export failed.
enum ExplanationExportError: Error, CustomStringConvertible {
    case cannotRead(path: String)
    case cannotWrite(path: String)
    case unknownUser(path: String, line: Int, user: String)

    var description: String {
        switch self {
        case let .cannotRead(p): return "\(p): cannot read the file"
        case let .cannotWrite(p): return "\(p): cannot create the file"
        case let .unknownUser(p, l, u): return "\(p):\(l): user '\(u)' is not in the store"
        }
    }
}
