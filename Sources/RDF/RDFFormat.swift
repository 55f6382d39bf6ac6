#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The RDF serialisations kgrec reads.
public enum RDFFormat: String, Sendable, CaseIterable {
    case rdfXML = "rdfxml"
    case nTriples = "ntriples"

    /// Detects the format of a file: by extension first, then by sniffing its first bytes.
    /// Returns nil when the file cannot be read or looks like neither format.
    public static func detect(path: String) -> RDFFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".nt") || lower.hasSuffix(".ntriples") { return .nTriples }
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
        let rest = bytes[first...]
        if rest.first == UInt8(ascii: "#") || rest.starts(with: Array("_:".utf8)) { return .nTriples }
        guard rest.first == UInt8(ascii: "<") else { return nil }
        if rest.starts(with: Array("<?xml".utf8)) || rest.starts(with: Array("<!".utf8)) { return .rdfXML }
        // "<scheme:…> <…>" is an N-Triples IRI; "<prefix:name attr=…>" is an XML tag.
        guard let close = rest.firstIndex(of: UInt8(ascii: ">")) else { return .rdfXML }
        let inside = rest[rest.index(after: rest.startIndex)..<close]
        if inside.contains(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == UInt8(ascii: "=") }) { return .rdfXML }
        let after = rest[rest.index(after: close)...].drop(while: { $0 == 0x20 || $0 == 0x09 })
        return after.first == UInt8(ascii: "<") ? .nTriples : .rdfXML
    }
}

/// One entry point for reading any supported RDF file into a sink.
public enum RDFReader {
    /// Parses `path` in `format` (auto-detected when nil) and streams the triples into `sink`.
    /// `base` defaults to the file's `file://` IRI for RDF/XML; N-Triples needs none.
    public static func parse<S: TripleSink>(fileAt path: String, format: RDFFormat? = nil, base: String? = nil,
                                            into sink: inout S) throws {
        guard let format = format ?? RDFFormat.detect(path: path) else {
            throw RDFParseError.io(path: path, message: "cannot tell the RDF format (expected RDF/XML or N-Triples); pass --from")
        }
        switch format {
        case .rdfXML: try RDFXMLParser().parse(fileAt: path, base: base, into: &sink)
        case .nTriples: try NTriplesParser().parse(fileAt: path, into: &sink)
        }
    }
}
