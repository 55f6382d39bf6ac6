import ArgumentParser
import Foundation
import TextEncoder

/// `kgrec text …`: the all-MiniLM-L6-v2 sentence encoder.
struct Text: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sentence embeddings with the built-in all-MiniLM-L6-v2 encoder (fetch it with scripts/fetch-text-model.sh).",
        subcommands: [TextEmbed.self, TextBench.self]
    )
}

/// The `--model-dir` option shared by the text commands.
struct TextModelOption: ParsableArguments {
    @Option(help: "Directory with model.safetensors, vocab.txt and config.json (default: $KGREC_TEXT_MODEL_DIR or ~/.cache/kgrec/all-MiniLM-L6-v2).")
    var modelDir: String?

    var files: ModelFiles { ModelFiles.locate(modelDir) }
}

/// Input lines for the text commands: split on `\n` only; a final newline ends the last line
/// rather than starting an empty one.
enum SentenceInput {
    static func read(_ path: String?) throws -> [String] {
        let data: Data
        if let path, path != "-" {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw TextCommandError.unreadable(path)
            }
            data = d
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return try lines.enumerated().map { n, bytes in
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw TextCommandError.notUTF8(file: path ?? "stdin", line: n + 1)
            }
            return s
        }
    }
}

enum TextCommandError: Error, CustomStringConvertible {
    case unreadable(String)
    case notUTF8(file: String, line: Int)
    case cannotWrite(String)
    case badOption(String)

    var description: String {
        switch self {
        case let .unreadable(path): return "cannot read \(path)"
        case let .notUTF8(file, line): return "\(file):\(line): not valid UTF-8"
        case let .cannotWrite(path): return "cannot write \(path)"
        case let .badOption(message): return message
        }
    }
}

/// `kgrec text embed`: one vector per input line.
struct TextEmbed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed one sentence per line (FILE or stdin) with all-MiniLM-L6-v2: one 384-dimensional L2-normalised vector per line, in order."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case npy, tsv
    }

    @OptionGroup var model: TextModelOption

    @Option(help: "Output format: npy (float32, shape (n, 384)) or tsv (one line of tab-separated values per sentence). Default: npy when --out ends in .npy, else tsv.")
    var format: Format?

    @Option(help: "Output file (default: stdout).")
    var out: String?

    @Option(help: "Sentences per batch.")
    var batch = 32

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Print the WordPiece ids (and tokens) of each line as JSON lines instead of embedding; needs only vocab.txt.")
    var tokens = false

    @Argument(help: "Input file, one sentence per line (split on \\n only; an empty line is the empty sentence). Default: stdin.")
    var file: String?

    func run() throws {
        try reportingErrors {
            guard batch >= 1 else { throw TextCommandError.badOption("--batch must be at least 1") }
            if let threads, threads < 1 { throw TextCommandError.badOption("--threads must be at least 1") }
            let sentences = try SentenceInput.read(file)
            let output: Data
            if tokens {
                let files = model.files
                guard FileManager.default.fileExists(atPath: files.vocabulary.path) else {
                    throw ModelError.missingFile(path: files.vocabulary.path)
                }
                output = try tokenLines(sentences, tokenizer: BertTokenizer(vocabularyFile: files.vocabulary))
            } else {
                let encoder = try SentenceEncoder(files: model.files)
                let matrix = encoder.encode(
                    sentences, batchSize: batch,
                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
                let chosen = format ?? ((out?.hasSuffix(".npy") ?? false) ? .npy : .tsv)
                output = chosen == .npy ? NumpyArrayFile.encode(matrix) : tsv(matrix)
            }
            if let out, out != "-" {
                guard FileManager.default.createFile(atPath: out, contents: output) else {
                    throw TextCommandError.cannotWrite(out)
                }
            } else {
                FileHandle.standardOutput.write(output)
            }
        }
    }

    private struct TokenLine: Encodable {
        var ids: [Int32]
        var tokens: [String]
        var truncated: Bool
    }

    private func tokenLines(_ sentences: [String], tokenizer: BertTokenizer) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for s in sentences {
            let e = tokenizer.encode(s)
            let line = TokenLine(
                ids: e.ids, tokens: e.ids.map { tokenizer.vocabulary.tokens[Int($0)] }, truncated: e.truncated)
            data.append(try encoder.encode(line))
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// Shortest round-trip decimal for each value.
    private func tsv(_ m: EmbeddingMatrix) -> Data {
        var text = ""
        text.reserveCapacity(m.count * m.dimension * 12)
        for i in 0..<m.count {
            text += m[i].map { "\($0)" }.joined(separator: "\t")
            text += "\n"
        }
        return Data(text.utf8)
    }
}
