import KnowledgeGraph

/// What one import did. Counts are of things that were new to the store.
public struct ImportReport: Sendable, Codable, Equatable {
    /// `ontology`, `triples`, `interactions`, `users` or `recbole`.
    public var kind: String
    public var sources: [String]
    /// Id of the import in the store's history.
    public var importID: Int
    /// Data rows / RDF statements read (including skipped ones).
    public var rowsRead = 0
    /// Malformed rows skipped (only with skip-bad-rows).
    public var rowsSkipped = 0
    /// Messages of the first skipped rows.
    public var warnings: [String] = []
    /// Interaction rows left out because their value was below the minimum.
    public var belowMinimum = 0
    public var addedEntities = 0
    public var addedRelations = 0
    public var addedTriples = 0
    public var addedInversePairs = 0
    public var labelsSet = 0
    public var addedAttributes = 0
    public var addedUsers = 0
    public var addedItems = 0
    public var linkedItems = 0
    public var addedInteractions = 0
    /// Inverse declarations ignored because they contradict earlier ones.
    public var inverseConflicts: [String] = []
    /// The graph generation current after the import.
    public var graphGeneration = 0
    /// Wall time of the whole import.
    public var seconds = 0.0

    public init(kind: String, sources: [String], importID: Int) {
        self.kind = kind
        self.sources = sources
        self.importID = importID
    }
}

/// Options every import shares.
public struct ImportOptions {
    /// Skip malformed rows (counting them) instead of failing.
    public var skipBadRows: Bool
    /// Label predicates and language preference for RDF literals.
    public var labelPolicy: LabelPolicy
    /// Called with progress while files are read.
    public var progress: ProgressHandler?

    public init(skipBadRows: Bool = false, labelPolicy: LabelPolicy = .init(), progress: ProgressHandler? = nil) {
        self.skipBadRows = skipBadRows
        self.labelPolicy = labelPolicy
        self.progress = progress
    }
}
