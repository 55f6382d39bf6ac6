#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let kind = reference.withUTF8 { bytes -> FastPath in
            if bytes.isEmpty { return .empty }
            if bytes[0] == UInt8(ascii: "#") { return .fragmentOnly }
            return isAbsoluteWithoutDotSegments(bytes) ? .unchanged : .none
        }
        switch kind {
        case .unchanged:
            return reference
        case .empty, .fragmentOnly:
            // §5.2.2 with an empty path and no query: the base's path and query are kept
            // as they are (no dot-segment removal), only the fragment changes.
            var base = base
            let cut = base.withUTF8 { $0.firstIndex(of: UInt8(ascii: "#")) ?? $0.count }
            let stem = cut == base.utf8.count ? base : String(base.utf8.prefix(cut))!
            return kind == .empty ? stem : stem + reference
        case .none:
            break
        }
        var base = base
        return reference.withUTF8 { ref in
            base.withUTF8 { bas in
                // The target is never longer than base + reference + "/" (merge of an empty base path).
                String(unsafeUninitializedCapacity: ref.count + bas.count + 2) { out in
                    resolveBytes(ref, against: bas, into: out)
                }
            }
        }
    }

    /// RFC 3986 §5.2.2 on bytes: writes the target into `out` and returns its length.
    private static func resolveBytes(
        _ ref: UnsafeBufferPointer<UInt8>, against base: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        let r = Parts(ref)
        var n = 0
        func put(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            for i in range { out[n] = source[i]; n += 1 }
        }
        func putByte(_ b: UInt8) { out[n] = b; n += 1 }
        func putPath(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            let start = n
            put(source, range)
            n = start + removeDotSegmentsInPlace(out, start..<n)
        }

        if let schemeEnd = r.schemeEnd {
            put(ref, 0..<(schemeEnd + 1))
            if let authority = r.authority {
                putByte(UInt8(ascii: "/")); putByte(UInt8(ascii: "/"))
                put(ref, authority)
            }
            putPath(ref, r.path)
            if let query = r.query { putByte(UInt8(ascii: "?")); put(ref, query) }
        } else {
            let b = Parts(base)
            if let schemeEnd = b.schemeEnd { put(base, 0..<(schemeEnd + 1)) }
            if let authority = r.authority {
                putByte(UInt8(ascii: "/")); putByte(UInt8(ascii: "/"))
                put(ref, authority)
                putPath(ref, r.path)
                if let query = r.query { putByte(UInt8(ascii: "?")); put(ref, query) }
            } else {
                if let authority = b.authority {
                    putByte(UInt8(ascii: "/")); putByte(UInt8(ascii: "/"))
                    put(base, authority)
                }
                if r.path.isEmpty {
                    put(base, b.path)
                    if let query = r.query {
                        putByte(UInt8(ascii: "?")); put(ref, query)
                    } else if let query = b.query {
                        putByte(UInt8(ascii: "?")); put(base, query)
                    }
                } else {
                    let start = n
                    if ref[r.path.lowerBound] == UInt8(ascii: "/") {
                        put(ref, r.path)
                    } else if b.authority != nil && b.path.isEmpty {
                        // §5.2.3 merge, base with an authority and an empty path.
                        putByte(UInt8(ascii: "/"))
                        put(ref, r.path)
                    } else {
                        // §5.2.3 merge: the base path up to its last "/", then the reference path.
                        var lastSlash = -1
                        for i in b.path where base[i] == UInt8(ascii: "/") { lastSlash = i }
                        if lastSlash >= 0 { put(base, b.path.lowerBound..<(lastSlash + 1)) }
                        put(ref, r.path)
                    }
                    n = start + removeDotSegmentsInPlace(out, start..<n)
                    if let query = r.query { putByte(UInt8(ascii: "?")); put(ref, query) }
                }
            }
        }
        if let fragment = r.fragment { putByte(UInt8(ascii: "#")); put(ref, fragment) }
        return n
    }

    /// True when `s` starts with a URI scheme followed by a colon
    /// (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`), i.e. it is an
    /// absolute IRI rather than a relative reference.
    public static func hasScheme(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { schemeLength($0) != nil }
    }

    private enum FastPath { case unchanged, empty, fragmentOnly, none }

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

    /// The five components of RFC 3986 §3 (Appendix B split) as byte ranges;
    /// `schemeEnd` is the index of the scheme's colon.
    private struct Parts {
        var schemeEnd: Int?
        var authority: Range<Int>?
        var path: Range<Int>
        var query: Range<Int>?
        var fragment: Range<Int>?

        init(_ s: UnsafeBufferPointer<UInt8>) {
            let slash = UInt8(ascii: "/"), question = UInt8(ascii: "?"), hash = UInt8(ascii: "#")
            let n = s.count
            var i = 0
            schemeEnd = IRIResolver.schemeLength(s)
            if let e = schemeEnd { i = e + 1 }
            if i + 1 < n && s[i] == slash && s[i + 1] == slash {
                var j = i + 2
                while j < n && s[j] != slash && s[j] != question && s[j] != hash { j += 1 }
                authority = (i + 2)..<j
                i = j
            }
            var j = i
            while j < n && s[j] != question && s[j] != hash { j += 1 }
            path = i..<j
            i = j
            if i < n && s[i] == question {
                var k = i + 1
                while k < n && s[k] != hash { k += 1 }
                query = (i + 1)..<k
                i = k
            }
            if i < n && s[i] == hash { fragment = (i + 1)..<n }
        }
    }

    /// RFC 3986 §5.2.4 `remove_dot_segments`.
    static func removeDotSegments(_ input: [UInt8]) -> [UInt8] {
        var buffer = input
        let n = buffer.withUnsafeMutableBufferPointer { removeDotSegmentsInPlace($0, 0..<$0.count) }
        return Array(buffer[0..<n])
    }

    /// RFC 3986 §5.2.4 `remove_dot_segments` on `buffer[range]`, in place: the
    /// output is written from `range.lowerBound` (it never overtakes the input)
    /// and its length is returned.
    static func removeDotSegmentsInPlace(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        let start = range.lowerBound, n = range.upperBound
        // Nothing to do unless some segment starts with ".".
        var candidate = false
        var previous = slash
        for i in range {
            if buffer[i] == dot && previous == slash { candidate = true; break }
            previous = buffer[i]
        }
        if !candidate { return range.count }

        @inline(__always) func at(_ k: Int) -> UInt8? { k < n ? buffer[k] : nil }
        var i = start  // input cursor
        var w = start  // output end
        while i < n {
            let c0 = buffer[i], c1 = at(i + 1), c2 = at(i + 2), c3 = at(i + 3)
            // A: "../" or "./" prefix.
            if c0 == dot && c1 == dot && c2 == slash { i += 3; continue }
            if c0 == dot && c1 == slash { i += 2; continue }
            if c0 == slash && c1 == dot {
                // B: "/./" or "/." at the end.
                if c2 == slash { i += 2; continue }
                if c2 == nil { buffer[w] = slash; w += 1; break }
                // C: "/../" or "/.." at the end: drop the last output segment.
                if c2 == dot && (c3 == slash || c3 == nil) {
                    while w > start && buffer[w - 1] != slash { w -= 1 }
                    if w > start { w -= 1 }
                    if c3 == nil { buffer[w] = slash; w += 1; break }
                    i += 3
                    continue
                }
            }
            // D: "." or ".." alone.
            if c0 == dot && (c1 == nil || (c1 == dot && c2 == nil)) { break }
            // E: move the first segment (with its leading "/") to the output.
            buffer[w] = buffer[i]
            w += 1
            i += 1
            while i < n && buffer[i] != slash {
                buffer[w] = buffer[i]
                w += 1
                i += 1
            }
        }
        return w - start
    }
}

/// One pass over an IRI-valued attribute: refuses the characters no IRI may
/// contain and notes whether a dot segment may be present.
enum IRIByteClass {
    enum Result {
        /// The first byte no IRI may contain.
        case forbidden(UInt8)
        /// Acceptable; `maybeDotSegments` when some "." starts the reference or
        /// follows "/" or ":" (only then can `remove_dot_segments` change anything).
        case valid(maybeDotSegments: Bool)
    }

    private static let plain: UInt8 = 0, forbidden: UInt8 = 1

    /// `forbidden` for the bytes no IRI may contain, `plain` for all others (non-ASCII included).
    nonisolated(unsafe) private static let table: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 {
            t[b] = b <= 0x20 || "<>\"{}|\\^`".utf8.contains(UInt8(b)) ? forbidden : plain
        }
        return UnsafePointer(t)
    }()

    static func scan(_ value: UnsafeBufferPointer<UInt8>) -> Result {
        guard let p = value.baseAddress else { return .valid(maybeDotSegments: false) }
        let t = table, n = value.count
        var i = 0
        while i &+ 8 <= n {
            let c = t[Int(p[i])] | t[Int(p[i &+ 1])] | t[Int(p[i &+ 2])] | t[Int(p[i &+ 3])]
                | t[Int(p[i &+ 4])] | t[Int(p[i &+ 5])] | t[Int(p[i &+ 6])] | t[Int(p[i &+ 7])]
            if c != plain { break }
            i &+= 8
        }
        while i < n {
            if t[Int(p[i])] != plain { return .forbidden(p[i]) }
            i &+= 1
        }
        // Dots are few (mostly in the host name): find each with memchr.
        var dotSegment = false
        var from = p
        let end = p + n
        while from < end, let d = memchr(from, 0x2E, end - from) {
            let dot = UnsafePointer(d.assumingMemoryBound(to: UInt8.self))
            if dot == p || dot[-1] == UInt8(ascii: "/") || dot[-1] == UInt8(ascii: ":") { dotSegment = true; break }
            from = UnsafePointer(dot) + 1
        }
        return .valid(maybeDotSegments: dotSegment)
    }
}
