import ArgumentParser
import Evaluation
import Foundation

/// `kgrec dataset …`: the evaluation datasets' reference splits.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluation datasets: the reference splits of docs/evaluation.md.",
        subcommands: [DatasetSplit.self]
    )
}

/// `kgrec dataset split [--protocol all|warm|cold|temporal|cold-item] [--seed 42] --out DIR`:
/// writes the reference split files and their SHA256SUMS from a RecBole atomic dataset.
struct DatasetSplit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Write the reference evaluation splits (warm, cold, temporal, cold-item) of a RecBole dataset.",
        discussion: """
            Reads <dataset>.inter (user_id, item_id, rating, timestamp), <dataset>.user (user_id) and \
            <dataset>.link (item_id) from --recbole DIR, keeps ratings ≥ --threshold as positives and writes \
            the split files of docs/evaluation.md with their SHA256SUMS into --out. The random draws are NumPy's \
            (default_rng(seed), permutation), so with the default seeds the files for MovieLens-100K are byte for \
            byte the published reference splits: `cd DIR && sha256sum -c <repo>/datasets/movielens-100k/SHA256SUMS`.
            """)

    @Option(help: ArgumentHelp("RecBole atomic dataset directory.", valueName: "dir"))
    var recbole = "datasets/movielens-100k/ml-100k"
    @Option(help: ArgumentHelp("Output directory (created if missing; files of the same names are replaced).", valueName: "dir"))
    var out = "datasets/movielens-100k/splits"
    @Option(name: .customLong("protocol"), help: "all | warm | cold | temporal | cold-item.")
    var protocolName = "all"
    @Option(help: "Seed of the test draw.") var seed: UInt64 = 42
    @Option(help: "Seed of the validation draw (made inside the training part).") var validationSeed: UInt64 = 43
    @Option(help: "A rating at or above this is a positive.") var threshold = 4

    func validate() throws {
        if protocolName != "all" && SplitProtocol(rawValue: protocolName) == nil {
            throw ValidationError("--protocol must be all, warm, cold, temporal or cold-item (got '\(protocolName)')")
        }
    }

    func run() throws {
        try reportingErrors {
            let protocols: Set<SplitProtocol> = protocolName == "all" ? Set(SplitProtocol.allCases) : [SplitProtocol(rawValue: protocolName)!]
            let data = try RecBoleRatings(directory: recbole)
            let splits = ReferenceSplits(ratings: data.ratings, users: data.users, linkedItems: data.linkedItems,
                                         threshold: threshold, seed: seed, validationSeed: validationSeed)
            let files = splits.files(for: protocols)
            try SplitDirectory.write(files, to: URL(fileURLWithPath: out))
            writeStandardError("\(data.ratings.count) ratings, \(splits.positives.count) positives (rating ≥ \(threshold)), \(data.users.count) users, \(data.linkedItems.count) linked items\n")
            print(SplitDirectory.checksums(of: files), terminator: "")
            writeStandardError("wrote \(files.count) files and SHA256SUMS to \(out)\n")
        }
    }
}
