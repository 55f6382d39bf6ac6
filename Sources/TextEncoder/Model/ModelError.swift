/// Why the model files could not be used.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A required file is not in the model directory.
    case missingFile(path: String)
    /// `config.json` could not be read or decoded.
    case unreadableConfig(file: String, detail: String)
    /// A `config.json` value differs from the architecture this encoder implements.
    case configMismatch(file: String, key: String, expected: String, found: String)
    /// `vocab.txt` is empty, has a duplicate token or lacks a special token.
    case badVocabulary(file: String, line: Int, detail: String)

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path) not found (fetch the model with scripts/fetch-text-model.sh, or point --model-dir / KGREC_TEXT_MODEL_DIR at a directory with model.safetensors, vocab.txt and config.json)"
        case let .unreadableConfig(file, detail):
            return "\(file): \(detail)"
        case let .configMismatch(file, key, expected, found):
            return "\(file): \(key) is \(found), this encoder implements \(expected)"
        case let .badVocabulary(file, line, detail):
            return "\(file):\(line): \(detail)"
        }
    }
}
