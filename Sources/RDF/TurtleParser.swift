#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming parser for RDF 1.1 Turtle.
///
/// The parser works on raw UTF-8 bytes read in chunks: tokens are scanned in
/// place and each term's `String` is made straight from its byte slice
/// (escapes are decoded only when present). Triples go to the sink as soon as
/// their object is read; the parser keeps no graph. Its memory is the read
/// buffer (which grows only for a token longer than a chunk, up to
/// ``maxTokenLength``), the prefix map and one frame per open `[` or `(`
/// (an explicit stack, never recursion, bounded by ``maxNestingDepth``).
///
/// It accepts the whole Turtle grammar: `@prefix`/`PREFIX`, `@base`/`BASE`
/// (relative IRIs are resolved as RFC 3986 specifies), prefixed names with
/// `%XX` and `\`-escapes, blank-node labels, `[]` and blank-node property
/// lists, collections, the four string forms with escapes, language tags and
/// datatypes, integers, decimals, doubles and booleans (typed with their XSD
/// datatype, the lexical form kept exactly as written), `a`, predicate and
/// object lists. A UTF-8 byte-order mark at the very start is skipped.
/// Anything else — including invalid UTF-8 — fails with ``RDFParseError``
/// naming the file, the line, the column (in characters) and what was
/// expected.
///
/// Blank nodes keep their label from the document, except that a label
/// starting with `genid` or `u` gets a `u` in front; blank nodes made for
/// `[]` and collections are labelled `genid1`, `genid2`, … so the two never
/// collide.
public struct TurtleParser: Sendable {
    /// Size of each read (and of the initial buffer).
    /// (Tests shrink it to exercise tokens that straddle reads.)
    var chunkSize = 1 << 20

    /// The longest token (an IRI, a literal with its tag or datatype, a name)
    /// or comment in bytes; a longer one fails with
    /// ``RDFParseError/limitExceeded(_:limit:value:)`` instead of growing the
    /// read buffer without bound.
    public var maxTokenLength: Int

    /// The deepest nesting of `[` and `(` allowed; deeper input fails with
    /// ``RDFParseError/limitExceeded(_:limit:value:)``.
    public var maxNestingDepth: Int

    /// A parser that refuses tokens longer than `maxTokenLength` bytes
    /// (256 MiB by default) and nesting deeper than `maxNestingDepth`.
    public init(maxTokenLength: Int = 256 << 20, maxNestingDepth: Int = 1 << 17) {
        self.maxTokenLength = maxTokenLength
        self.maxNestingDepth = maxNestingDepth
    }

    /// Parses the Turtle file at `path`, streaming its triples into `sink`.
    ///
    /// `base` is the IRI relative references are resolved against until an
    /// `@base` changes it; it defaults to the file's `file://` IRI. `path`
    /// may name any readable file, including a pipe such as `/dev/stdin`.
    public func parse<S: TripleSink>(fileAt path: String, base: String? = nil, into sink: inout S) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RDFParseError.io(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var scanner = TurtleScanner(
            documentName: path, fileDescriptor: fd, capacity: max(chunkSize, 4),
            base: base ?? FilePaths.fileIRI(forPath: path),
            maxTokenLength: maxTokenLength, maxNestingDepth: maxNestingDepth)
        defer { scanner.deallocate() }
        try scanner.start()
        try scanner.run(into: &sink)
    }

    /// Parses Turtle text, streaming its triples into `sink`.
    ///
    /// - Parameters:
    ///   - base: the base IRI for relative references; without one, a
    ///     relative IRI before any `@base` is an error.
    ///   - documentName: the name used in error locations.
    public func parse<S: TripleSink>(
        string: String, base: String? = nil, documentName: String = "<string>", into sink: inout S
    ) throws {
        var text = string
        var scanner = text.withUTF8 { bytes in
            TurtleScanner(documentName: documentName, bytes: bytes, base: base,
                          maxTokenLength: maxTokenLength, maxNestingDepth: maxNestingDepth)
        }
        defer { scanner.deallocate() }
        try scanner.start()
        try scanner.run(into: &sink)
    }
}
