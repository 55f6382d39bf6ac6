#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The RDF serialisations kgrec reads.
public enum RDFFormat: String, Sendable, CaseIterable {
    case rdfXML = "rdfxml"
    case nTriples = "ntriples"
    case turtle = "turtle"

    /// Detects the format of a file: by extension first, then by sniffing its first bytes.
    /// Returns nil when the file cannot be read or looks like neither format.
    public static func detect(path: String) -> RDFFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".nt") || lower.hasSuffix(".ntriples") { return .nTriples }
        if lower.hasSuffix(".ttl") || lower.hasSuffix(".turtle") { return .turtle }
        if lower.hasSuffix(".rdf") || lower.hasSuffix(".owl") || lower.hasSuffix(".rdfxml") || lower.hasSuffix(".xml") {
            return .rdfXML
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &head, head.count)
        guard n > 0 else { return nil }
        return sniff(head[0..<n])
    }

    /// Guesses the format from the first bytes of a document.
    public static func sniff<C: Collection<UInt8>>(_ head: C) -> RDFFormat? {
        var bytes = Array(head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            return nil
        }
        var rest = bytes[first...]
        // Comment lines say nothing: look at the first statement after them.
        var sawComment = false
        while rest.first == UInt8(ascii: "#") {
            sawComment = true
            guard let lineEnd = rest.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return .nTriples }
            rest = rest[lineEnd...].drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        }
        if rest.isEmpty { return sawComment ? .nTriples : nil }
        if isTurtleStart(rest) { return .turtle }
        if rest.starts(with: Array("_:".utf8)) { return .nTriples }
        guard rest.first == UInt8(ascii: "<") else { return sawComment ? .nTriples : nil }
        if rest.starts(with: Array("<?xml".utf8)) || rest.starts(with: Array("<!".utf8)) { return .rdfXML }
        // "<scheme:…> <…>" is an N-Triples IRI; "<prefix:name attr=…>" is an XML tag.
        guard let close = rest.firstIndex(of: UInt8(ascii: ">")) else { return .rdfXML }
        let inside = rest[rest.index(after: rest.startIndex)..<close]
        if inside.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == UInt8(ascii: "=") }) { return .rdfXML }
        let afterClose = rest[rest.index(after: close)...]
        let after = afterClose.drop(while: { $0 == 0x20 || $0 == 0x09 })
        if after.first == UInt8(ascii: "<") {
            // N-Triples unless a later term of the statement uses Turtle syntax.
            return looksLikeTurtleStatement(after) ? .turtle : .nTriples
        }
        // "<iri> ex:p …", "<iri> a …": a Turtle statement (XML text would follow '>' directly).
        if after.startIndex != afterClose.startIndex, let c = after.first,
           c == UInt8(ascii: ":") || c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") {
            return .turtle
        }
        return .rdfXML
    }

    /// `@prefix`, `@base`, `PREFIX`, `BASE`, a prefixed name, `[` or `(` at the start of a statement.
    private static func isTurtleStart(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let c = rest.first else { return false }
        if c == UInt8(ascii: "@") || c == UInt8(ascii: "[") || c == UInt8(ascii: "(") || c == UInt8(ascii: ":") { return true }
        let word = rest.prefix { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || $0 == UInt8(ascii: "_")
            || $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
        guard !word.isEmpty, word.first != UInt8(ascii: "_") else { return false }
        let lower = String(decoding: word, as: UTF8.self).lowercased()
        if lower == "prefix" || lower == "base" { return true }
        return rest.dropFirst(word.count).first == UInt8(ascii: ":")
    }

    /// True when the first line of `statement` (after the subject) has Turtle-only syntax:
    /// a prefixed name, `;`, `,`, `[` or `(` outside IRIs and strings.
    private static func looksLikeTurtleStatement(_ statement: ArraySlice<UInt8>) -> Bool {
        var inIRI = false, inString = false, previous: UInt8 = 0x20
        for c in statement {
            if c == 0x0A || c == 0x0D { break }
            if inString {
                if c == UInt8(ascii: "\\") && previous == UInt8(ascii: "\\") { previous = 0; continue }
                if c == UInt8(ascii: "\"") && previous != UInt8(ascii: "\\") { inString = false }
            } else if inIRI {
                if c == UInt8(ascii: ">") { inIRI = false }
            } else if c == UInt8(ascii: "<") {
                inIRI = true
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: ";") || c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "(")
                        || (c == UInt8(ascii: ":") && previous != UInt8(ascii: "_")) {
                return true
            }
            previous = c
        }
        return false
    }
}

/// One entry point for reading any supported RDF file into a sink.
public enum RDFReader {
    /// Parses `path` in `format` (auto-detected when nil) and streams the triples into `sink`.
    /// `base` defaults to the file's `file://` IRI for RDF/XML and Turtle; N-Triples needs none.
    public static func parse<S: TripleSink>(fileAt path: String, format: RDFFormat? = nil, base: String? = nil,
                                            into sink: inout S) throws {
        guard let format = format ?? RDFFormat.detect(path: path) else {
            throw RDFParseError.io(path: path, message: "cannot tell the RDF format (expected RDF/XML, N-Triples or Turtle); pass --from")
        }
        switch format {
        case .rdfXML: try RDFXMLParser().parse(fileAt: path, base: base, into: &sink)
        case .nTriples: try NTriplesParser().parse(fileAt: path, into: &sink)
        case .turtle: try TurtleParser().parse(fileAt: path, base: base, into: &sink)
        }
    }
}
