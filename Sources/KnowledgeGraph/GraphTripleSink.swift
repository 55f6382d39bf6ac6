import RDF

/// A ``TripleSink`` that turns parsed RDF into graph edges, labels and attributes.
///
/// IRI- and blank-node-valued statements become edges (`rdf:type`,
/// `rdfs:subClassOf`, object properties); `owl:inverseOf` between two IRIs also
/// declares the relations inverse. Literal-valued statements are not edges:
/// label predicates give display labels, the rest typed attributes.
public struct GraphTripleSink: TripleSink, Sendable {
    /// Where edges and dictionary entries go.
    public var builder: KnowledgeGraphBuilder
    /// Labels and attributes seen.
    public var literals: EntityLiterals
    /// Label rules.
    public let policy: LabelPolicy
    /// Prefix that makes this document's blank-node labels unique in the store (e.g. `_:i7f2.`).
    public let blankPrefix: String
    /// Statements seen, edges among them, literal statements among them.
    public private(set) var statements = 0
    public private(set) var edgeStatements = 0
    public private(set) var literalStatements = 0
    /// Parsers emit a subject's statements together: remember the last subject's id.
    private var lastSubject: Term?
    private var lastSubjectID: Int32 = -1
    /// Likewise the last edge predicate's relation id (a document repeats few predicates).
    private var lastPredicate: String?
    private var lastPredicateID: Int32 = -1

    public init(builder: KnowledgeGraphBuilder, literals: EntityLiterals = .init(), policy: LabelPolicy, blankPrefix: String) {
        self.builder = builder
        self.literals = literals
        self.policy = policy
        self.blankPrefix = blankPrefix
    }

    /// The entity key of a non-literal term.
    @inlinable func key(_ term: Term) -> String {
        switch term {
        case .iri(let s): return s
        case .blank(let b): return blankPrefix + b
        case .literal(let l): return l.lexicalForm  // never reached: callers pass IRIs/blank nodes only
        }
    }

    public mutating func consume(_ triple: Triple) throws {
        statements += 1
        let subject: Int32
        if let last = lastSubject, last == triple.subject {
            subject = lastSubjectID
        } else {
            subject = builder.entity(key(triple.subject))
            lastSubject = triple.subject
            lastSubjectID = subject
        }
        switch triple.object {
        case .literal(let lit):
            literalStatements += 1
            if let pi = policy.predicateIndex(triple.predicate) {
                let rank = policy.rank(predicateIndex: pi, language: lit.language)
                literals.offer(EntityLabel(text: lit.lexicalForm, language: lit.language, rank: rank), for: subject)
            } else {
                literals.addAttribute(entity: subject, predicate: triple.predicate, value: lit.lexicalForm,
                                      datatype: lit.datatype, language: lit.language)
            }
        case .iri, .blank:
            edgeStatements += 1
            if triple.predicate == Vocabulary.owlInverseOf, case .iri(let a) = triple.subject, case .iri(let b) = triple.object {
                builder.declareInverse(a, b)
            }
            let r: Int32
            if let last = lastPredicate, last == triple.predicate {
                r = lastPredicateID
            } else {
                r = builder.relation(triple.predicate)
                lastPredicate = triple.predicate
                lastPredicateID = r
            }
            let o = builder.entity(key(triple.object))
            builder.addEdge(head: subject, relation: r, tail: o)
        }
    }
}
