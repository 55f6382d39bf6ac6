import Testing
@testable import RDF

@Suite("IRIResolver")
struct IRIResolverTests {
    static let rfcBase = "http://a/b/c/d;p?q"

    /// RFC 3986 §5.4.1 "Normal Examples".
    static let normal: [(String, String)] = [
        ("g:h", "g:h"),
        ("g", "http://a/b/c/g"),
        ("./g", "http://a/b/c/g"),
        ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"),
        ("//g", "http://g"),
        ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"),
        ("g#s", "http://a/b/c/g#s"),
        ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"),
        ("g;x", "http://a/b/c/g;x"),
        ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"),
        ("..", "http://a/b/"),
        ("../", "http://a/b/"),
        ("../g", "http://a/b/g"),
        ("../..", "http://a/"),
        ("../../", "http://a/"),
        ("../../g", "http://a/g"),
    ]

    /// RFC 3986 §5.4.2 "Abnormal Examples" (strict parser: "http:g" stays as is).
    static let abnormal: [(String, String)] = [
        ("../../../g", "http://a/g"),
        ("../../../../g", "http://a/g"),
        ("/./g", "http://a/g"),
        ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"),
        ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g#s/./x"),
        ("g#s/../x", "http://a/b/c/g#s/../x"),
        ("http:g", "http:g"),
    ]

    @Test("RFC 3986 §5.4.1 normal examples", arguments: normal)
    func normalExamples(reference: String, expected: String) {
        #expect(IRIResolver.resolve(reference, against: Self.rfcBase) == expected)
    }

    @Test("RFC 3986 §5.4.2 abnormal examples", arguments: abnormal)
    func abnormalExamples(reference: String, expected: String) {
        #expect(IRIResolver.resolve(reference, against: Self.rfcBase) == expected)
    }

    @Test("base with an authority but no path")
    func baseWithoutPath() {
        let base = "http://a"
        #expect(IRIResolver.resolve("b", against: base) == "http://a/b")
        #expect(IRIResolver.resolve("", against: base) == "http://a")
        #expect(IRIResolver.resolve("#f", against: base) == "http://a#f")
        #expect(IRIResolver.resolve("?q", against: base) == "http://a?q")
        #expect(IRIResolver.resolve("..", against: base) == "http://a/")
        #expect(IRIResolver.resolve("./x/../y", against: base) == "http://a/y")
    }

    @Test("the base's fragment never survives")
    func baseFragment() {
        let base = "http://example.org/dir/file#frag"
        #expect(IRIResolver.resolve("", against: base) == "http://example.org/dir/file")
        #expect(IRIResolver.resolve("#x", against: base) == "http://example.org/dir/file#x")
        #expect(IRIResolver.resolve("other", against: base) == "http://example.org/dir/other")
        #expect(IRIResolver.resolve("?q", against: base) == "http://example.org/dir/file?q")
        #expect(IRIResolver.resolve("#x", against: "http://example.org/a?q=1") == "http://example.org/a?q=1#x")
        // §5.2.2 keeps the base path untouched for an empty or fragment-only reference.
        #expect(IRIResolver.resolve("#x", against: "http://a/b/../c#f") == "http://a/b/../c#x")
        #expect(IRIResolver.resolve("", against: "http://a/é#f") == "http://a/é")
    }

    @Test("fragments and queries of the reference are kept verbatim")
    func referenceFragments() {
        let base = "http://example.org/a/b"
        #expect(IRIResolver.resolve("#", against: base) == "http://example.org/a/b#")
        #expect(IRIResolver.resolve("?", against: base) == "http://example.org/a/b?")
        #expect(IRIResolver.resolve("c#x/../y", against: base) == "http://example.org/a/c#x/../y")
    }

    @Test("absolute references get their dot segments removed")
    func absoluteDotSegments() {
        let base = "http://unused/"
        #expect(IRIResolver.resolve("http://x/a/../b/./c", against: base) == "http://x/b/c")
        #expect(IRIResolver.resolve("http://x/a/b/..", against: base) == "http://x/a/")
        #expect(IRIResolver.resolve("http://x/./", against: base) == "http://x/")
        #expect(IRIResolver.resolve("a:..", against: base) == "a:")
        #expect(IRIResolver.resolve("http://x/a?p=/./q", against: base) == "http://x/a?p=/./q")
    }

    @Test("absolute references without dot segments come back unchanged")
    func fastPath() {
        let base = "http://unused/x/y"
        for iri in [
            "http://example.org/a.b/c.d", "urn:isbn:0-486-27557-4", "http://x.org/p#frag.",
            "mailto:someone@example.com", "http://example.org/é/ü?q=ç#ß", "tag:x.y,2020:z",
        ] {
            #expect(IRIResolver.resolve(iri, against: base) == iri)
        }
    }

    @Test("network-path references replace the authority")
    func networkPath() {
        #expect(IRIResolver.resolve("//h2/p/../q", against: "https://h1/a/b") == "https://h2/q")
        #expect(IRIResolver.resolve("//h2", against: "https://h1/a/b?x#y") == "https://h2")
    }

    @Test("dot-dot beyond the root stops at the root")
    func dotDotAboveRoot() {
        #expect(IRIResolver.resolve("../../../../x", against: "http://a/b") == "http://a/x")
        #expect(IRIResolver.resolve("/..", against: "http://a/b/c") == "http://a/")
    }

    @Test("non-ASCII references resolve byte-exactly")
    func nonASCII() {
        #expect(IRIResolver.resolve("ü/../é", against: "http://a/ß/c") == "http://a/ß/é")
    }

    @Test("hasScheme follows RFC 3986's scheme syntax")
    func hasScheme() {
        #expect(IRIResolver.hasScheme("http://x"))
        #expect(IRIResolver.hasScheme("a+b.c-d:x"))
        #expect(IRIResolver.hasScheme("urn:x"))
        #expect(IRIResolver.hasScheme("g:"))
        #expect(!IRIResolver.hasScheme("g"))
        #expect(!IRIResolver.hasScheme(""))
        #expect(!IRIResolver.hasScheme(":x"))
        #expect(!IRIResolver.hasScheme("1a:b"))
        #expect(!IRIResolver.hasScheme("./a:b"))
        #expect(!IRIResolver.hasScheme("a b:c"))
        #expect(!IRIResolver.hasScheme("#frag:x"))
    }

    @Test("remove_dot_segments matches RFC 3986 §5.2.4's worked examples")
    func removeDotSegments() {
        func run(_ s: String) -> String {
            String(decoding: IRIResolver.removeDotSegments(Array(s.utf8)), as: UTF8.self)
        }
        #expect(run("/a/b/c/./../../g") == "/a/g")
        #expect(run("mid/content=5/../6") == "mid/6")
        #expect(run("") == "")
        #expect(run("/.") == "/")
        #expect(run("/..") == "/")
        #expect(run("../a") == "a")
    }
}
