import Foundation

/// A WordPiece vocabulary: `vocab.txt`, one token per line, the 0-based line number being the id.
///
/// Tokens are compared by their exact Unicode scalars (as Python compares strings), not by Swift's
/// canonical equivalence, so the lookup key is the UTF-8 encoding.
public struct Vocabulary: Sendable {
    private var ids: [[UInt8]: Int32]
    /// The tokens, indexed by id.
    public let tokens: [String]

    /// Reads `vocab.txt`. Lines are split on `\n` only (as HF's `load_vocab`, which strips `\n` alone).
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelError.missingFile(path: url.path)
        }
        try self.init(data: data, file: url.path)
    }

    /// Parses vocabulary text; `file` names the source in errors.
    public init(data: Data, file: String = "vocab.txt") throws {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Array($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw ModelError.badVocabulary(file: file, line: 1, detail: "empty vocabulary") }
        var ids: [[UInt8]: Int32] = [:]
        ids.reserveCapacity(lines.count)
        var tokens: [String] = []
        tokens.reserveCapacity(lines.count)
        for (n, line) in lines.enumerated() {
            guard let token = String(validating: line, as: UTF8.self) else {
                throw ModelError.badVocabulary(file: file, line: n + 1, detail: "not valid UTF-8")
            }
            // A duplicated token would make ids ambiguous (HF silently keeps the last); reject it.
            guard ids.updateValue(Int32(n), forKey: line) == nil else {
                throw ModelError.badVocabulary(file: file, line: n + 1, detail: "duplicate token \"\(token)\"")
            }
            tokens.append(token)
        }
        self.ids = ids
        self.tokens = tokens
        for special in ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] where self.id(of: special) == nil {
            throw ModelError.badVocabulary(file: file, line: lines.count, detail: "special token \(special) missing")
        }
    }

    /// Number of tokens.
    public var count: Int { tokens.count }

    /// The id of `token`, nil when it is not in the vocabulary.
    public func id(of token: String) -> Int32? {
        ids[Array(token.utf8)]
    }

    /// The id of the token whose UTF-8 encoding is `bytes`.
    func id(utf8 bytes: [UInt8]) -> Int32? {
        ids[bytes]
    }
}
