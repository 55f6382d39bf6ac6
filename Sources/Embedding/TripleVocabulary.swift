/// Labels ↔ dense ids for entities and relations read from plain triple files.
///
/// Used by ``LabeledTripleReader`` for benchmark TSVs; graphs from the store come with their
/// own interner and skip this type.
public struct TripleVocabulary: Sendable {
    public private(set) var entityLabels: [String] = []
    public private(set) var relationLabels: [String] = []
    private var entityIDs: [String: Int32] = [:]
    private var relationIDs: [String: Int32] = [:]

    public init() {}

    public var entityCount: Int { entityLabels.count }
    public var relationCount: Int { relationLabels.count }

    /// The id of `label`, assigning the next one if it is new.
    public mutating func entityID(_ label: String) -> Int32 {
        if let id = entityIDs[label] { return id }
        let id = Int32(entityLabels.count)
        entityIDs[label] = id
        entityLabels.append(label)
        return id
    }

    /// The id of relation `label`, assigning the next one if it is new.
    public mutating func relationID(_ label: String) -> Int32 {
        if let id = relationIDs[label] { return id }
        let id = Int32(relationLabels.count)
        relationIDs[label] = id
        relationLabels.append(label)
        return id
    }
}
