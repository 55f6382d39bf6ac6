internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RDF/XML parser (RDF 1.1 XML Syntax) on libxml2's SAX2 push parser.
///
/// The document is fed to libxml2 in chunks; triples are handed to the sink
/// after every chunk, so memory stays bounded by the element nesting and the
/// longest literal, not by the file size.
///
/// Safety: external entities, external DTD subsets and network access are never
/// loaded (a reference to an external entity is an error); internal entities are
/// expanded within a budget proportional to the input size
/// (``RDFXMLParserOptions/entityExpansionMultiple``), so expansion bombs stop
/// with ``RDFParseError/limitExceeded(_:limit:value:)``.
public struct RDFXMLParser: Sendable {
    /// Limits and tuning.
    public var options: RDFXMLParserOptions

    public init(options: RDFXMLParserOptions = RDFXMLParserOptions()) {
        self.options = options
    }

    /// Parses the file at `path`. The base IRI defaults to the file's `file://` IRI.
    public func parse<S: TripleSink>(fileAt path: String, base: String? = nil, into sink: inout S) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RDFParseError.io(path: path, message: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        let chunk = max(4096, options.chunkSize)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        try run(base: base ?? FilePaths.fileIRI(forPath: path), documentName: path, inputBytes: size, into: &sink) {
            let n = read(fd, buffer.baseAddress, chunk)
            if n < 0 { throw RDFParseError.io(path: path, message: String(cString: strerror(errno))) }
            return UnsafeRawBufferPointer(rebasing: buffer[0..<n])
        }
    }

    /// Parses an in-memory document.
    public func parse<S: TripleSink>(string: String, base: String, documentName: String = "<string>",
                                     into sink: inout S) throws {
        var bytes = Array(string.utf8)
        try bytes.withUnsafeMutableBytes { all in
            var offset = 0
            let chunk = max(4096, options.chunkSize)
            let raw = UnsafeRawBufferPointer(all)
            try run(base: base, documentName: documentName, inputBytes: raw.count, into: &sink) {
                let n = min(chunk, raw.count - offset)
                defer { offset += n }
                return UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n])
            }
        }
    }

    private func run<S: TripleSink>(base: String, documentName: String, inputBytes: Int, into sink: inout S,
                                    next: () throws -> UnsafeRawBufferPointer) throws {
        LibXML2Setup.once()
        let handler = RDFXMLEventHandler(base: base, documentName: documentName, options: options,
                                         inputBytes: inputBytes)
        var sax = LibXML2Setup.saxHandler()
        let unmanaged = Unmanaged.passRetained(handler)
        defer { unmanaged.release() }
        // User data stays the parser context (libxml2's default DTD and entity callbacks
        // need it); the handler travels in ctxt->_private.
        guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, documentName) else {
            throw RDFParseError.xml(SourceLocation(file: documentName, line: 0, column: 0),
                                    message: "libxml2 could not create a parser context")
        }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        // NOENT: expand internal entities (namespace IRIs in attributes); NONET: no network.
        // DTD loading and validation stay off; external entities are refused in getEntity
        // and by the process-wide entity loader.
        ctxt.pointee._private = unmanaged.toOpaque()
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue))
        handler.grammar.context = ctxt

        // Triples go straight from the grammar to the sink (no intermediate batch to copy
        // and destroy). The sink cannot throw through libxml2, so its error is kept and
        // the parser stopped; it is rethrown unchanged below.
        var sinkError: (any Error)?
        func check() throws {
            if let e = sinkError { throw e }
            if let e = handler.grammar.error { throw e }
            if let e = handler.grammar.xmlError { throw e }
        }
        try withoutActuallyEscaping({ (triple: Triple) -> Bool in
            do {
                try sink.consume(triple)
                return true
            } catch {
                sinkError = error
                return false
            }
        }) { deliver in
            handler.grammar.deliver = deliver
            defer { handler.grammar.deliver = RDFXMLGrammar.discard }
            while true {
                let chunk = try next()
                let terminate: Int32 = chunk.isEmpty ? 1 : 0
                let pointer = chunk.baseAddress?.assumingMemoryBound(to: CChar.self)
                let rc = xmlParseChunk(ctxt, pointer, Int32(chunk.count), terminate)
                try check()
                if rc != 0 {
                    throw RDFParseError.xml(handler.grammar.location, message: "libxml2 error \(rc)")
                }
                if terminate == 1 { break }
            }
            if ctxt.pointee.wellFormed == 0 {
                throw RDFParseError.xml(handler.grammar.location, message: "document is not well-formed XML")
            }
            handler.grammar.finish()
            try check()
        }
    }
}

/// Helpers to turn paths into IRIs.
public enum FilePaths {
    /// The `file://` IRI of a (possibly relative) path, percent-encoding what an IRI cannot hold.
    public static func fileIRI(forPath path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buf, buf.count) != nil {
                let cwd = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                absolute = cwd + "/" + path
            }
        }
        var out: [UInt8] = Array("file://".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in absolute.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), 0x80...0xFF:
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
