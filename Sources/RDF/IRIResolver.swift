/// Resolves IRI references against a base IRI as RFC 3986 §5.2 specifies.
///
/// The resolver works on UTF-8 bytes and does no normalisation beyond what
/// §5.2 prescribes (no case folding, no percent-encoding changes): the result
/// is what `rapper`, rdflib and the W3C RDF test suites expect.
///
/// Resolution runs once for every `rdf:about`/`rdf:resource` of a large
/// document, so an absolute reference that cannot contain a dot segment is
/// returned unchanged without being split into components.
public enum IRIResolver {
    /// Resolves `reference` against `base` (RFC 3986 §5.2.2, strict mode).
    ///
    /// - An absolute reference is returned with its dot segments removed.
    /// - An empty reference yields `base` without its fragment.
    /// - A fragment-only, query-only, network-path (`//host/…`),
    ///   absolute-path or relative-path reference is merged with `base`.
    ///
    /// `base` should itself be absolute; when it is not, the result is formed
    /// by the same algorithm and may be relative.
    public static func resolve(_ reference: String, against base: String) -> String {
        var reference = reference
        if reference.withUTF8({ isAbsoluteWithoutDotSegments($0) }) { return reference }
        let r = Components(Array(reference.utf8))
        var target = Components()
        if r.scheme != nil {
            target.scheme = r.scheme
            target.authority = r.authority
            target.path = removeDotSegments(r.path)
            target.query = r.query
        } else {
            let b = Components(Array(base.utf8))
            if r.authority != nil {
                target.authority = r.authority
                target.path = removeDotSegments(r.path)
                target.query = r.query
            } else {
                if r.path.isEmpty {
                    target.path = b.path
                    target.query = r.query ?? b.query
                } else {
                    if r.path.first == UInt8(ascii: "/") {
                        target.path = removeDotSegments(r.path)
                    } else {
                        target.path = removeDotSegments(merge(base: b, referencePath: r.path))
                    }
                    target.query = r.query
                }
                target.authority = b.authority
            }
            target.scheme = b.scheme
        }
        target.fragment = r.fragment
        return target.recomposed()
    }

    /// True when `s` starts with a URI scheme followed by a colon
    /// (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`), i.e. it is an
    /// absolute IRI rather than a relative reference.
    public static func hasScheme(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { schemeLength($0) != nil }
    }

    // MARK: - Byte-level helpers

    /// The length of the scheme (without the colon) when `bytes` starts with
    /// `scheme ":"`, otherwise nil.
    @inline(__always)
    static func schemeLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = bytes.first, isAlpha(first) else { return nil }
        var i = 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: ":") { return i }
            if !(isAlpha(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) {
                return nil
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private static func isAlpha(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }

    /// True when the reference is absolute and has no segment that could be
    /// `.` or `..` (so removing dot segments cannot change it).
    private static func isAbsoluteWithoutDotSegments(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let colon = schemeLength(bytes) else { return false }
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        // A path starting right after the colon with "." may be a dot segment ("a:..", "a:.").
        if colon + 1 < bytes.count && bytes[colon + 1] == dot { return false }
        var previous: UInt8 = 0
        var i = colon + 1
        while i < bytes.count {
            let c = bytes[i]
            if (previous == slash && c == dot) || (previous == dot && c == slash) { return false }
            previous = c
            i += 1
        }
        return true
    }

    /// The five components of RFC 3986 §3 (Appendix B split), as bytes.
    private struct Components {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: [UInt8] = []
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init() {}

        init(_ s: [UInt8]) {
            let slash = UInt8(ascii: "/")
            let question = UInt8(ascii: "?"), hash = UInt8(ascii: "#")
            var i = 0
            let n = s.count
            let schemeEnd = s.withUnsafeBufferPointer { IRIResolver.schemeLength($0) }
            if let e = schemeEnd {
                scheme = s[0..<e]
                i = e + 1
            }
            if i + 1 < n && s[i] == slash && s[i + 1] == slash {
                let start = i + 2
                var j = start
                while j < n && s[j] != slash && s[j] != question && s[j] != hash { j += 1 }
                authority = s[start..<j]
                i = j
            }
            var j = i
            while j < n && s[j] != question && s[j] != hash { j += 1 }
            path = Array(s[i..<j])
            i = j
            if i < n && s[i] == question {
                var k = i + 1
                while k < n && s[k] != hash { k += 1 }
                query = s[(i + 1)..<k]
                i = k
            }
            if i < n && s[i] == hash {
                fragment = s[(i + 1)..<n]
            }
        }

        func recomposed() -> String {
            var out: [UInt8] = []
            out.reserveCapacity(
                (scheme?.count ?? 0) + (authority?.count ?? 0) + path.count
                    + (query?.count ?? 0) + (fragment?.count ?? 0) + 6)
            if let scheme {
                out.append(contentsOf: scheme)
                out.append(UInt8(ascii: ":"))
            }
            if let authority {
                out.append(UInt8(ascii: "/"))
                out.append(UInt8(ascii: "/"))
                out.append(contentsOf: authority)
            }
            out.append(contentsOf: path)
            if let query {
                out.append(UInt8(ascii: "?"))
                out.append(contentsOf: query)
            }
            if let fragment {
                out.append(UInt8(ascii: "#"))
                out.append(contentsOf: fragment)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// RFC 3986 §5.2.3.
    private static func merge(base: Components, referencePath: [UInt8]) -> [UInt8] {
        if base.authority != nil && base.path.isEmpty {
            return [UInt8(ascii: "/")] + referencePath
        }
        if let lastSlash = base.path.lastIndex(of: UInt8(ascii: "/")) {
            return Array(base.path[...lastSlash]) + referencePath
        }
        return referencePath
    }

    /// RFC 3986 §5.2.4 `remove_dot_segments`.
    static func removeDotSegments(_ input: [UInt8]) -> [UInt8] {
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        let n = input.count
        @inline(__always) func at(_ k: Int) -> UInt8? { k < n ? input[k] : nil }
        while i < n {
            let c0 = input[i], c1 = at(i + 1), c2 = at(i + 2), c3 = at(i + 3)
            // A: "../" or "./" prefix.
            if c0 == dot && c1 == dot && c2 == slash { i += 3; continue }
            if c0 == dot && c1 == slash { i += 2; continue }
            if c0 == slash && c1 == dot {
                // B: "/./" or "/." at the end.
                if c2 == slash { i += 2; continue }
                if c2 == nil { i += 1; out.append(slash); break }
                // C: "/../" or "/.." at the end.
                if c2 == dot && (c3 == slash || c3 == nil) {
                    if let last = out.lastIndex(of: slash) {
                        out.removeSubrange(last...)
                    } else {
                        out.removeAll(keepingCapacity: true)
                    }
                    if c3 == nil { out.append(slash); break }
                    i += 3
                    continue
                }
            }
            // D: "." or ".." alone.
            if c0 == dot && (c1 == nil || (c1 == dot && c2 == nil)) { break }
            // E: move the first segment (with its leading "/") to the output.
            var j = i
            if input[j] == slash { j += 1 }
            while j < n && input[j] != slash { j += 1 }
            out.append(contentsOf: input[i..<j])
            i = j
        }
        return out
    }
}
