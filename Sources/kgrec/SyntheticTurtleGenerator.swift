#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large, realistic Turtle film ontology for parser benchmarks, in
/// the shape ontology tools write: prefix declarations, subjects with
/// predicate lists (`;`) and object lists (`,`), `a`, prefixed names with
/// numeric local parts, a few relative IRIs against `@base`, language-tagged
/// and typed literals, bare integers and decimals, `[ … ]` blank nodes, a
/// collection per film and long descriptions (some as `"""…"""` over several
/// lines, with escapes). The graph is the one ``SyntheticRDFXMLGenerator``
/// describes, with a few more properties. Deterministic for a seed.
struct SyntheticTurtleGenerator {
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
                                "music", "dream", "stranger", "letters", "summer", "winter", "escape", "crime",
                                "Grüße", "été", "\\\"quoted\\\"", "naïve", "東京"]
    private static let genres = ["Drama", "Comedy", "Thriller", "Science_Fiction", "Romance", "Horror", "Documentary",
                                 "Animation", "Western", "Musical", "Film_noir", "Adventure", "Crime", "Fantasy"]
    private static let languages = ["en", "fr", "de", "es", "it", "ja", "pt-BR"]

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
        # Synthetic film ontology (kgrec bench generate-turtle, seed \(seed)).
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ont: <http://kgrec.example.org/ontology#> .
        @prefix film: <http://kgrec.example.org/resource/film/> .
        @prefix person: <http://kgrec.example.org/resource/person/> .
        @prefix genre: <http://kgrec.example.org/resource/genre/> .
        @prefix country: <http://kgrec.example.org/resource/country/> .
        @base <http://kgrec.example.org/resource/> .

        ont:Film a owl:Class ;
            rdfs:label "Film"@en, "Film"@de, "film"@fr ;
            rdfs:subClassOf owl:Thing .
        ont:directedBy a owl:ObjectProperty ;
            rdfs:domain ont:Film ;
            rdfs:range ont:Person .
        ont:directed owl:inverseOf ont:directedBy .


        """)
        triples += 9
        for g in Self.genres {
            w("genre:\(g) a ont:Genre ;\n    rdfs:label \"\(String(g.map { $0 == "_" ? " " : $0 }))\"@en .\n")
            triples += 2
        }
        var film = 0
        let people = 200_000
        while bytesWritten + out.count < targetBytes {
            film += 1
            w("\nfilm:\(film) a ont:Film ;\n")
            triples += 1
            let lang = Self.languages[below(Self.languages.count)]
            w("    rdfs:label \"\(sentence(2 + below(3))) \(film)\"@en , \"\(sentence(2)) & \(film)\"@\(lang) ;\n")
            w("    ont:releaseYear \"\(1920 + below(100))\"^^xsd:gYear ;\n")
            w("    ont:runtime \(70 + below(120)) ;\n")
            w("    ont:rating \(below(10)).\(below(10)) ;\n")
            triples += 5
            w("    ont:genre ")
            for k in 0..<(1 + below(3)) {
                w(k == 0 ? "genre:\(Self.genres[below(Self.genres.count)])" : ", genre:\(Self.genres[below(Self.genres.count)])")
                triples += 1
            }
            let director = below(people)
            w(" ;\n    ont:directedBy person:\(director) ;\n    ont:starring ")
            triples += 1
            for k in 0..<(2 + below(4)) {
                // Some as relative IRIs against @base, as hand-written files have them.
                let p = below(people)
                w(k == 0 ? "" : ", ")
                w(below(4) == 0 ? "<person/\(p)>" : "person:\(p)")
                triples += 1
            }
            w(" ;\n")
            if below(3) == 0 {
                w("    ont:award [ ont:awardName \"Best \(sentence(1))\"@en ; ont:year \"\(1930 + below(90))\"^^xsd:gYear ] ;\n")
                triples += 3
            }
            if below(4) == 0 {
                w("    ont:episodes ( film:\(below(film) + 1) film:\(below(film) + 1) film:\(below(film) + 1) ) ;\n")
                triples += 7
            }
            w("    ont:country country:\(below(60)) ;\n")
            triples += 1
            if below(5) == 0 {
                w("    rdfs:comment \"\"\"\(sentence(20 + below(30))).\n    \(sentence(20 + below(40))) \\t \(sentence(10)).\"\"\"@en .\n")
            } else {
                w("    rdfs:comment \"\(sentence(8 + below(10))).\"@en .\n")
            }
            triples += 1
            w("person:\(director) a ont:Person ;\n    rdfs:label \"Person \(director)\" ;\n    ont:birthDate \"19\(10 + below(80))-0\(1 + below(9))-1\(below(10))\"^^xsd:date .\n")
            triples += 3
        }
        flush()
        return (bytesWritten, triples)
    }
}
