import Recommender
import Store

/// Why the server could not load a model from its store.
public enum ModelLoadError: Error, Sendable, CustomStringConvertible {
    /// The store could not be opened or read.
    case store(StoreError)
    /// The store has no registered model of the kind served.
    case noModel(store: String, kind: String)
    /// The model's files could not be read.
    case modelFile(HybridModelFileError)
    /// The model does not fit the store's catalogue.
    case mismatch(store: String, modelID: Int, reason: String)

    public var description: String {
        switch self {
        case let .store(e): return "\(e)"
        case let .noModel(s, k): return "\(s): no registered \(k) model; run `kgrec train --store \(s)` and then reload"
        case let .modelFile(e): return "\(e)"
        case let .mismatch(s, id, r): return "\(s): model \(id) does not fit the store: \(r)"
        }
    }
}
