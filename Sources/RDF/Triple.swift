/// One RDF statement.
///
/// The predicate is always an IRI; parsers never produce a triple whose
/// subject is a literal.
public struct Triple: Hashable, Sendable {
    /// An IRI or blank node.
    public var subject: Term
    /// The predicate IRI.
    public var predicate: String
    /// Any term.
    public var object: Term

    @inlinable
    public init(_ subject: Term, _ predicate: String, _ object: Term) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}
