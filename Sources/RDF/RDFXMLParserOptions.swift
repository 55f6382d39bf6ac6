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

    public init() {}
}
