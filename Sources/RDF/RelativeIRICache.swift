/// Resolves the common relative references of RDF/XML documents
/// (`rdf:resource="person/12"`, `rdf:ID`) against one base without
/// re-parsing the base each time; anything unusual goes to ``IRIResolver``.
struct RelativeIRICache {
    private var base: String = ""
    /// The base up to and including the last "/" of its path, when the base has
    /// a scheme and authority and no query or fragment; nil otherwise.
    private var directory: String?
    /// The base without fragment, for "#fragment" references.
    private var withoutFragment: String = ""

    @inline(__always)
    mutating func resolve(_ reference: String, against base: String) -> String {
        if base != self.base { rebase(base) }
        var ref = reference
        return ref.withUTF8 { r -> String in
            guard let first = r.first else { return IRIResolver.resolve(reference, against: base) }
            if first == UInt8(ascii: "#") {
                return withoutFragment + reference
            }
            guard let directory, isSimpleRelativePath(r) else {
                return IRIResolver.resolve(reference, against: base)
            }
            return directory + reference
        }
    }

    /// A relative path reference (no scheme, not starting with "/", "?" or "#")
    /// that contains no "." or ".." segment, so merging is concatenation.
    @inline(__always)
    private func isSimpleRelativePath(_ r: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), colon = UInt8(ascii: ":")
        let first = r[0]
        if first == slash || first == UInt8(ascii: "?") || first == dot { return false }
        var previous: UInt8 = slash
        var inFirstSegment = true
        for c in r {
            if c == UInt8(ascii: "?") || c == UInt8(ascii: "#") { break }
            if c == colon && inFirstSegment { return false } // could be a scheme
            if c == slash { inFirstSegment = false }
            if (previous == slash && c == dot) || (previous == dot && c == slash) { return false }
            previous = c
        }
        return previous != dot
    }

    private mutating func rebase(_ base: String) {
        self.base = base
        let bytes = Array(base.utf8)
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            withoutFragment = String(decoding: bytes[..<hash], as: UTF8.self)
        } else {
            withoutFragment = base
        }
        directory = nil
        guard IRIResolver.hasScheme(base),
              !bytes.contains(UInt8(ascii: "?")), !bytes.contains(UInt8(ascii: "#")),
              let schemeEnd = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes.count > schemeEnd + 2, bytes[schemeEnd + 1] == UInt8(ascii: "/"), bytes[schemeEnd + 2] == UInt8(ascii: "/")
        else { return }
        let authorityStart = schemeEnd + 3
        guard let pathStart = bytes[authorityStart...].firstIndex(of: UInt8(ascii: "/")) else {
            directory = base + "/"
            return
        }
        let lastSlash = bytes[pathStart...].lastIndex(of: UInt8(ascii: "/"))!
        // Dot segments in the base itself would need removal after merging.
        let path = bytes[pathStart...]
        if path.contains(UInt8(ascii: ".")) {
            var previous: UInt8 = 0
            for c in path {
                if (previous == UInt8(ascii: "/") && c == UInt8(ascii: ".")) { return }
                previous = c
            }
        }
        directory = String(decoding: bytes[...lastSlash], as: UTF8.self)
    }
}
