/// Resolves the common references of RDF/XML documents (absolute IRIs,
/// `rdf:resource="person/12"`, `#fragment`) against one base without
/// re-parsing the base each time, building each result with one allocation;
/// anything unusual goes to ``IRIResolver``.
struct RelativeIRICache {
    private var base: String = ""
    /// The base up to and including the last "/" of its path, when the base has
    /// a scheme and authority and no query or fragment, and its path no dot segment.
    private var directory: [UInt8]?
    /// The base without fragment, for "#fragment" references.
    private var withoutFragment: [UInt8] = []

    /// Resolves `reference` (a String) against `base`.
    mutating func resolve(_ reference: String, against base: String) -> String {
        var reference = reference
        return reference.withUTF8 { r in
            switch IRIByteClass.scan(r) {
            case .valid(let maybeDotSegments):
                return resolve(r, maybeDotSegments: maybeDotSegments, against: base)
            case .forbidden:
                return IRIResolver.resolve(String(decoding: r, as: UTF8.self), against: base)
            }
        }
    }

    /// Resolves the UTF-8 reference `r` against `base`. `maybeDotSegments` must be
    /// true unless no "." in `r` starts it or follows "/" or ":" (see ``IRIByteClass``).
    @inline(__always)
    mutating func resolve(_ r: UnsafeBufferPointer<UInt8>, maybeDotSegments: Bool, against base: String) -> String {
        if base != self.base { rebase(base) }
        guard let first = r.first else { return IRIResolver.resolve("", against: base) }
        if first == UInt8(ascii: "#") {
            return Self.concatenate(withoutFragment, r)
        }
        if !maybeDotSegments {
            switch Self.firstSegment(r) {
            case .scheme:
                // Absolute without dot segments: resolution returns it unchanged.
                return String(decoding: r, as: UTF8.self)
            case .relativePath:
                if let directory { return Self.concatenate(directory, r) }
            case .other:
                break
            }
        }
        return IRIResolver.resolve(String(decoding: r, as: UTF8.self), against: base)
    }

    private enum FirstSegment { case scheme, relativePath, other }

    /// `scheme` when `r` starts with `scheme ":"`; `relativePath` for a relative-path
    /// reference (no colon in its first segment, not starting with "/" or "?").
    @inline(__always)
    private static func firstSegment(_ r: UnsafeBufferPointer<UInt8>) -> FirstSegment {
        if IRIResolver.schemeLength(r) != nil { return .scheme }
        let first = r[0]
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "?") { return .other }
        for c in r {
            if c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == UInt8(ascii: ":") { return .other }
        }
        return .relativePath
    }

    @inline(__always)
    private static func concatenate(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> String {
        a.withUnsafeBufferPointer { a in
            String(unsafeUninitializedCapacity: a.count + b.count) { out in
                let o = out.baseAddress!
                if a.count > 0 { o.update(from: a.baseAddress!, count: a.count) }
                if b.count > 0 { (o + a.count).update(from: b.baseAddress!, count: b.count) }
                return a.count + b.count
            }
        }
    }

    private mutating func rebase(_ base: String) {
        self.base = base
        let bytes = Array(base.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            withoutFragment = Array(bytes[..<hash])
        } else {
            withoutFragment = bytes
        }
        directory = nil
        guard IRIResolver.hasScheme(base),
              !bytes.contains(UInt8(ascii: "?")), !bytes.contains(UInt8(ascii: "#")),
              let schemeEnd = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes.count > schemeEnd + 2, bytes[schemeEnd + 1] == UInt8(ascii: "/"), bytes[schemeEnd + 2] == UInt8(ascii: "/")
        else { return }
        let authorityStart = schemeEnd + 3
        guard let pathStart = bytes[authorityStart...].firstIndex(of: UInt8(ascii: "/")) else {
            directory = bytes + [UInt8(ascii: "/")]
            return
        }
        let lastSlash = bytes[pathStart...].lastIndex(of: UInt8(ascii: "/"))!
        // Dot segments in the base itself would need removal after merging.
        var previous: UInt8 = 0
        for c in bytes[pathStart...] {
            if previous == UInt8(ascii: "/") && c == UInt8(ascii: ".") { return }
            previous = c
        }
        directory = Array(bytes[...lastSlash])
    }
}
