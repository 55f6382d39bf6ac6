#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large, realistic RDF/XML film ontology for parser benchmarks:
/// an internal DTD declaring namespace entities (used in `xmlns` values and
/// attributes), typed node elements, nested descriptions, literals with
/// languages and datatypes, `rdf:resource` links, `rdf:parseType="Resource"`
/// blank nodes and longer free-text comments. Deterministic for a seed.
struct SyntheticRDFXMLGenerator {
    var targetBytes: Int
    var seed: UInt64

    private var state: UInt64 = 0
    private var out: [UInt8] = []
    private let fd: Int32
    private(set) var bytesWritten = 0
    private(set) var triples = 0

    init(targetBytes: Int, seed: UInt64, fileDescriptor: Int32) {
        self.targetBytes = targetBytes
        self.seed = seed
        self.state = seed
        self.fd = fileDescriptor
        out.reserveCapacity(1 << 20)
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    private mutating func w(_ s: String) {
        out.append(contentsOf: s.utf8)
        if out.count >= 1 << 20 { flush() }
    }

    private mutating func flush() {
        out.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        bytesWritten += out.count
        out.removeAll(keepingCapacity: true)
    }

    private static let words = ["the", "story", "of", "a", "young", "detective", "who", "travels", "across", "city",
                                "night", "war", "love", "family", "secret", "journey", "river", "island", "king",
                                "music", "dream", "stranger", "letters", "summer", "winter", "escape", "crime"]
    private static let genres = ["Drama", "Comedy", "Thriller", "Science_Fiction", "Romance", "Horror", "Documentary",
                                 "Animation", "Western", "Musical", "Film_noir", "Adventure", "Crime", "Fantasy"]
    private static let languages = ["en", "fr", "de", "es", "it", "ja"]

    private mutating func sentence(_ n: Int) -> String {
        var s = ""
        for i in 0..<n {
            if i > 0 { s += " " }
            s += Self.words[below(Self.words.count)]
        }
        return s
    }

    mutating func generate() -> (bytes: Int, triples: Int) {
        w("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE rdf:RDF [
          <!ENTITY rdf "http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#">
          <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">
          <!ENTITY owl "http://www.w3.org/2002/07/owl#">
          <!ENTITY ont "http://kgrec.example.org/ontology#">
          <!ENTITY res "http://kgrec.example.org/resource/">
        ]>
        <rdf:RDF xmlns:rdf="&rdf;" xmlns:rdfs="&rdfs;" xmlns:owl="&owl;" xmlns:ont="&ont;"
                 xml:base="http://kgrec.example.org/resource/">

        """)
        for g in Self.genres {
            w("  <ont:Genre rdf:about=\"&res;genre/\(g)\"><rdfs:label xml:lang=\"en\">\(String(g.map { $0 == "_" ? " " : $0 }))</rdfs:label></ont:Genre>\n")
            triples += 2
        }
        var film = 0
        let people = 200_000
        while bytesWritten + out.count < targetBytes {
            film += 1
            w("  <ont:Film rdf:about=\"&res;film/\(film)\">\n")
            triples += 1
            let lang = Self.languages[below(Self.languages.count)]
            w("    <rdfs:label xml:lang=\"en\">\(sentence(2 + below(3))) \(film)</rdfs:label>\n")
            w("    <rdfs:label xml:lang=\"\(lang)\">\(sentence(2)) &amp; \(film)</rdfs:label>\n")
            w("    <ont:releaseYear rdf:datatype=\"&xsd;gYear\">\(1920 + below(100))</ont:releaseYear>\n")
            w("    <ont:runtime rdf:datatype=\"&xsd;integer\">\(70 + below(120))</ont:runtime>\n")
            triples += 4
            for _ in 0..<(1 + below(3)) {
                w("    <ont:genre rdf:resource=\"&res;genre/\(Self.genres[below(Self.genres.count)])\"/>\n")
                triples += 1
            }
            let director = below(people)
            w("""
                <ont:directedBy>
                  <ont:Person rdf:about="&res;person/\(director)">
                    <rdfs:label>Person \(director)</rdfs:label>
                    <ont:birthDate rdf:datatype="&xsd;date">19\(10 + below(80))-0\(1 + below(9))-1\(below(10))</ont:birthDate>
                  </ont:Person>
                </ont:directedBy>

            """)
            triples += 4
            for _ in 0..<(2 + below(4)) {
                w("    <ont:starring rdf:resource=\"person/\(below(people))\"/>\n")
                triples += 1
            }
            if below(3) == 0 {
                w("    <ont:award rdf:parseType=\"Resource\"><ont:awardName xml:lang=\"en\">Best \(sentence(1))</ont:awardName><ont:year rdf:datatype=\"&xsd;gYear\">\(1930 + below(90))</ont:year></ont:award>\n")
                triples += 3
            }
            w("    <ont:country rdf:resource=\"&res;country/\(below(60))\"/>\n")
            w("    <rdfs:comment xml:lang=\"en\">\(sentence(8 + below(10))).</rdfs:comment>\n")
            w("  </ont:Film>\n")
            triples += 2
        }
        w("</rdf:RDF>\n")
        flush()
        return (bytesWritten, triples)
    }
}
