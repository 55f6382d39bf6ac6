/// A (head, relation, tail) triple of dense ids, as the link-prediction protocol sees it.
public struct LinkPredictionTriple: Hashable, Sendable {
    public var head: Int32
    public var relation: Int32
    public var tail: Int32

    public init(head: Int32, relation: Int32, tail: Int32) {
        self.head = head
        self.relation = relation
        self.tail = tail
    }
}
