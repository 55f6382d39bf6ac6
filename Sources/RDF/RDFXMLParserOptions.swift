/// Limits and tuning of ``RDFXMLParser``.
///
/// The defaults accept any real-world ontology while stopping hostile input
/// (entity-expansion bombs, gigantic literals) long before memory grows.
public struct RDFXMLParserOptions: Sendable {
    /// Internal DTD entities may expand to at most
    /// `max(entityExpansionFloor, entityExpansionMultiple × input bytes)` bytes in total.
    public var entityExpansionMultiple: Int = 20
    /// The expansion budget for small inputs.
    public var entityExpansionFloor: Int = 16 << 20
    /// The longest literal (text or XML literal) accepted, in UTF-8 bytes.
    public var maxLiteralBytes: Int = 64 << 20
    /// How many bytes are handed to libxml2 at a time.
    public var chunkSize: Int = 1 << 20

    /// What to do with an `rdf:parseType` other than Resource, Literal or Collection.
    public var unknownParseType: UnknownParseTypePolicy = .error

    /// See ``unknownParseType``.
    public enum UnknownParseTypePolicy: Sendable {
        /// Refuse the document (the default: such a value is almost always a typo).
        case error
        /// Treat it as `"Literal"`, as RDF 1.1 XML Syntax §7.2.20 allows.
        case literal
    }

    public init() {}
}
