internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cost floor of RDF/XML parsing: libxml2's SAX2 push parser over a file
/// with callbacks that only count elements (same options as ``RDFXMLParser``).
/// Benchmarks compare the real parser against it.
public enum LibXML2Baseline {
    /// Runs the bare SAX pass and returns the number of elements seen.
    public static func saxPass(fileAt path: String, chunkSize: Int = 1 << 20) throws -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RDFParseError.io(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var sax = xmlSAXHandler()
        xmlSAXVersion(&sax, 2)
        sax.startElementNs = { ctx, _, _, _, _, _, _, _, _ in
            let ctxt = ctx!.assumingMemoryBound(to: xmlParserCtxt.self)
            ctxt.pointee._private!.assumingMemoryBound(to: Int.self).pointee += 1
        }
        sax.endElementNs = { _, _, _, _ in }
        sax.characters = { _, _, _ in }
        sax.ignorableWhitespace = sax.characters
        sax.externalSubset = { _, _, _, _ in }
        sax.serror = { _, _ in }
        sax.error = nil
        sax.warning = nil
        // libxml2's default SAX2 callbacks (DTD, entities) expect the parser context as their
        // user data, so the counter travels in ctxt->_private.
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, path) else {
            throw RDFParseError.xml(SourceLocation(file: path, line: 0, column: 0), message: "no parser context")
        }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        ctxt.pointee._private = UnsafeMutableRawPointer(counter)
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue))
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, chunkSize)
            if n < 0 { throw RDFParseError.io(path: path, message: String(cString: strerror(errno))) }
            _ = xmlParseChunk(ctxt, buffer, Int32(n), n == 0 ? 1 : 0)
            if n == 0 { break }
        }
        if ctxt.pointee.wellFormed == 0 {
            throw RDFParseError.xml(SourceLocation(file: path, line: 0, column: 0), message: "document is not well-formed")
        }
        return counter.pointee
    }
}
