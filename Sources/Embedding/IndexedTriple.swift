/// A triple of dense ids: head entity, relation, tail entity.
///
/// Ids index rows of the entity and relation tables; they come from the graph's interner
/// (or from ``LabeledTripleReader`` for plain TSV files).
public struct IndexedTriple: Hashable, Sendable {
    public var head: Int32
    public var relation: Int32
    public var tail: Int32

    public init(head: Int32, relation: Int32, tail: Int32) {
        self.head = head
        self.relation = relation
        self.tail = tail
    }
}
