import Foundation

/// Where the all-MiniLM-L6-v2 files are: `model.safetensors`, `vocab.txt` and `config.json` in one
/// directory (as written by `scripts/fetch-text-model.sh`).
public struct ModelFiles: Sendable, Equatable {
    /// The directory holding the three files.
    public let directory: URL

    /// Uses `directory` as given.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The weights.
    public var safetensors: URL { directory.appendingPathComponent("model.safetensors") }
    /// The WordPiece vocabulary, one token per line; the line number is the id.
    public var vocabulary: URL { directory.appendingPathComponent("vocab.txt") }
    /// The BERT configuration.
    public var config: URL { directory.appendingPathComponent("config.json") }

    /// The directory to use when none is given: `KGREC_TEXT_MODEL_DIR` when set and non-empty, else
    /// `${XDG_CACHE_HOME:-$HOME/.cache}/kgrec/all-MiniLM-L6-v2` (the fetch script's default).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["KGREC_TEXT_MODEL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        let cache: String
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cache = xdg
        } else {
            cache = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        }
        return URL(fileURLWithPath: cache).appendingPathComponent("kgrec/all-MiniLM-L6-v2")
    }

    /// The files in `directory`, or in `defaultDirectory()` when `directory` is nil.
    public static func locate(_ directory: String? = nil) -> ModelFiles {
        ModelFiles(directory: directory.map { URL(fileURLWithPath: $0) } ?? defaultDirectory())
    }

    /// True when all three files exist.
    public var isComplete: Bool {
        [safetensors, vocabulary, config].allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Throws `ModelError.missingFile` for the first of the three files that does not exist.
    public func checkPresent() throws {
        for url in [config, vocabulary, safetensors] where !FileManager.default.fileExists(atPath: url.path) {
            throw ModelError.missingFile(path: url.path)
        }
    }
}
