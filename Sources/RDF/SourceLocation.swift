/// A position in an input document, for error messages.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file name or other description of the input (`"<stdin>"`, `"<string>"`).
    public var file: String
    /// 1-based line number (0 when unknown).
    public var line: Int
    /// 1-based column number (0 when unknown).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}

/// Why an RDF parse failed.
public enum RDFParseError: Error, Sendable, CustomStringConvertible {
    /// The input violates the syntax; `expected` says what the grammar wanted there.
    case syntax(SourceLocation, message: String)
    /// The XML layer rejected the document (not well-formed, invalid encoding, …).
    case xml(SourceLocation, message: String)
    /// A configured safety limit was exceeded (entity expansion, literal size, depth).
    case limitExceeded(SourceLocation, limit: String, value: Int)
    /// The document tries to load an external entity or DTD, which is never done.
    case externalEntityRefused(SourceLocation, systemID: String)
    /// An IRI in the input cannot be resolved or is not valid.
    case invalidIRI(SourceLocation, iri: String, reason: String)
    /// Reading the input failed.
    case io(path: String, message: String)

    /// Where the error happened, when known.
    public var location: SourceLocation? {
        switch self {
        case .syntax(let l, _), .xml(let l, _), .limitExceeded(let l, _, _),
             .externalEntityRefused(let l, _), .invalidIRI(let l, _, _):
            return l
        case .io:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .syntax(let l, let m): return "\(l): syntax error: \(m)"
        case .xml(let l, let m): return "\(l): XML error: \(m)"
        case .limitExceeded(let l, let limit, let v): return "\(l): limit exceeded: \(limit) (\(v))"
        case .externalEntityRefused(let l, let id):
            return "\(l): refused to load external entity or DTD '\(id)' (external resources are never loaded)"
        case .invalidIRI(let l, let iri, let reason): return "\(l): invalid IRI <\(iri)>: \(reason)"
        case .io(let p, let m): return "\(p): \(m)"
        }
    }
}
