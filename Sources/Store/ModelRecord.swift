/// One row of the store's model registry (table `models`): a trained model whose files live in
/// ``KGStore/modelDirectory(id:)`` (`<store>/models/<id>/`).
///
/// The registry does not interpret the files or the JSON texts: each model kind ("transe",
/// "hybrid", "coldstart", …) owns its file layout and its configuration/metrics keys.
public struct ModelRecord: Sendable, Equatable, Hashable {
    /// Registry id (positive, increasing, never reused while the row exists).
    public var id: Int
    /// What kind of model this is, e.g. `"transe"`.
    public var kind: String
    /// When the model was registered (ISO 8601, UTC).
    public var createdAt: String
    /// The graph generation the store was at when the model was registered (its entity and
    /// relation ids are those of that generation; later imports only append ids).
    public var graphGeneration: Int
    /// The last feedback event (`events.seq`) the model has seen; 0 = none.
    public var lastEventSeq: Int
    /// The training configuration as JSON text (kind-specific keys).
    public var configuration: String
    /// Measured figures as JSON text (kind-specific keys).
    public var metrics: String

    public init(id: Int, kind: String, createdAt: String, graphGeneration: Int, lastEventSeq: Int,
                configuration: String, metrics: String) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.graphGeneration = graphGeneration
        self.lastEventSeq = lastEventSeq
        self.configuration = configuration
        self.metrics = metrics
    }
}
