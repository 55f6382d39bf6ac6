/// An RDF 1.1 term: an IRI, a blank node or a literal.
///
/// Terms are plain values. IRIs are stored as absolute IRI strings (already
/// resolved against the document base by the parser that produced them);
/// blank nodes carry a label that is unique within one parse.
public enum Term: Hashable, Sendable {
    /// An absolute IRI, without angle brackets.
    case iri(String)
    /// A blank node, identified by its label (without the `_:` prefix).
    case blank(String)
    /// A literal value.
    case literal(Literal)

    /// The IRI string when this term is an IRI.
    @inlinable public var iriValue: String? {
        if case .iri(let s) = self { return s }
        return nil
    }

    /// True when this term is a blank node.
    @inlinable public var isBlank: Bool {
        if case .blank = self { return true }
        return false
    }

    /// True when this term is a literal.
    @inlinable public var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }
}

/// An RDF literal: a lexical form with a datatype IRI and, for
/// `rdf:langString`, a language tag.
///
/// Following RDF 1.1, every literal has a datatype: a simple literal has
/// `xsd:string`, a language-tagged one `rdf:langString`.
public struct Literal: Hashable, Sendable {
    /// The lexical form, exactly as written after unescaping.
    public var lexicalForm: String
    /// The datatype IRI.
    public var datatype: String
    /// The language tag (lower-cased is *not* applied; kept as written), or nil.
    public var language: String?

    /// A literal with an explicit datatype (defaults to `xsd:string`).
    @inlinable
    public init(_ lexicalForm: String, datatype: String = Vocabulary.xsdString) {
        self.lexicalForm = lexicalForm
        self.datatype = datatype
        self.language = nil
    }

    /// A language-tagged string (`rdf:langString`).
    @inlinable
    public init(_ lexicalForm: String, language: String) {
        self.lexicalForm = lexicalForm
        self.datatype = Vocabulary.rdfLangString
        self.language = language
    }
}
