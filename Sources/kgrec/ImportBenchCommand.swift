import ArgumentParser
import Foundation
import KnowledgeGraph
import RDF
import Store

/// `kgrec bench import`: times imports into fresh stores and the reopen + graph load.
/// (Meant to be listed under `kgrec bench`; build with `-c release` for any figure.)
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time a full dataset import into a fresh store, and reopening it (release build only).",
        discussion: """
        Default: the MovieLens-100K RecBole dataset plus ontologies/film.rdf. Each repetition imports into a new \
        temporary store, then reopens it; medians are reported. With --rdf FILE, also times a parse-only pass over \
        FILE and its import, and prints their ratio.
        """
    )

    @Option(help: "RecBole dataset directory.")
    var dataset = "datasets/movielens-100k/ml-100k"

    @Option(help: "Ontology imported before the dataset (empty to skip).")
    var ontology = "ontologies/film.rdf"

    @Option(help: "IRI prefix for the dataset's KG tokens.")
    var namespace = "http://rdf.freebase.com/ns/"

    @Option(help: "An RDF file to time as a whole-file ontology import against a parse-only pass.")
    var rdf: String?

    @Option(name: .customLong("repeat"), help: "Repetitions (median reported).")
    var runs: Int = 5

    @Option(help: "Where the temporary stores go.")
    var scratch = NSTemporaryDirectory()

    @Flag(help: "Print JSON.")
    var json = false

    struct Result: Codable {
        var dataset: String?
        var importSeconds: [Double] = []
        var medianImportSeconds = 0.0
        var reopenSeconds: [Double] = []
        var medianReopenSeconds = 0.0
        var graphLoadSeconds: [Double] = []
        var triples = 0
        var entities = 0
        var interactions = 0
        var reopenSecondsPerMillionTriples = 0.0
        var adjacencyBytesPerTriple = 0.0
        var rdfFile: String?
        var rdfParseSeconds: Double?
        var rdfImportSeconds: Double?
        var rdfImportToParseRatio: Double?
        var rdfConvertSeconds: Double?
        var rdfImportToConvertRatio: Double?
        var rdfTriples: Int?
        var rdfReopenSecondsPerMillionTriples: Double?
        var rdfAdjacencyBytesPerTriple: Double?
    }

    func run() throws {
        try reportingErrors {
            var r = Result()
            if !dataset.isEmpty {
                r.dataset = dataset
                for k in 0..<max(runs, 1) {
                    let dir = scratch + "/kgrec-bench-import-\(getpid())-\(k)"
                    defer { try? FileManager.default.removeItem(atPath: dir) }
                    try? FileManager.default.removeItem(atPath: dir)
                    let t0 = Date()
                    let store = try KGStore.open(at: dir, create: true)
                    if !ontology.isEmpty { _ = try store.importOntology(files: [ontology]) }
                    var f = RecBoleDataset.Options()
                    f.namespace = IdentifierNamespace(namespace.isEmpty ? nil : namespace)
                    f.buckets = [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]
                    _ = try store.importRecBole(directory: dataset, format: f)
                    r.importSeconds.append(Date().timeIntervalSince(t0))
                    let t1 = Date()
                    let reopened = try KGStore.open(at: dir, create: false)
                    r.reopenSeconds.append(Date().timeIntervalSince(t1))
                    r.graphLoadSeconds.append(reopened.graphLoadSeconds)
                    let st = try reopened.statistics()
                    r.triples = st.triples; r.entities = st.entities; r.interactions = st.interactions
                    r.adjacencyBytesPerTriple = st.adjacencyBytesPerTriple
                }
                r.medianImportSeconds = median(r.importSeconds)
                r.medianReopenSeconds = median(r.reopenSeconds)
                if r.triples > 0 { r.reopenSecondsPerMillionTriples = r.medianReopenSeconds / (Double(r.triples) / 1e6) }
            }
            if let rdf {
                r.rdfFile = rdf
                var parse = [Double](), convert = [Double](), imp = [Double]()
                for k in 0..<max(runs, 1) {
                    var sink = CountingSink()
                    let t0 = Date()
                    try RDFReader.parse(fileAt: rdf, into: &sink)
                    parse.append(Date().timeIntervalSince(t0))
                    // What `kgrec convert FILE > /dev/null` does: parse and write N-Triples.
                    let devNull = open("/dev/null", O_WRONLY)
                    guard devNull >= 0 else { throw FileError.system(path: "/dev/null", operation: "open", errno: errno) }
                    defer { close(devNull) }
                    var writer = NTriplesWriter(fileDescriptor: devNull)
                    let tc = Date()
                    try RDFReader.parse(fileAt: rdf, into: &writer)
                    try writer.flush()
                    convert.append(Date().timeIntervalSince(tc))
                    let dir = scratch + "/kgrec-bench-rdf-\(getpid())-\(k)"
                    defer { try? FileManager.default.removeItem(atPath: dir) }
                    try? FileManager.default.removeItem(atPath: dir)
                    let t1 = Date()
                    let store = try KGStore.open(at: dir, create: true)
                    _ = try store.importOntology(files: [rdf])
                    imp.append(Date().timeIntervalSince(t1))
                    let t2 = Date()
                    let reopened = try KGStore.open(at: dir, create: false)
                    let reopen = Date().timeIntervalSince(t2)
                    let st = try reopened.statistics()
                    r.rdfTriples = st.triples
                    r.rdfAdjacencyBytesPerTriple = st.adjacencyBytesPerTriple
                    if st.triples > 0 { r.rdfReopenSecondsPerMillionTriples = reopen / (Double(st.triples) / 1e6) }
                }
                r.rdfParseSeconds = median(parse)
                r.rdfImportSeconds = median(imp)
                r.rdfImportToParseRatio = median(imp) / max(median(parse), 1e-9)
                r.rdfConvertSeconds = median(convert)
                r.rdfImportToConvertRatio = median(imp) / max(median(convert), 1e-9)
            }
            if json {
                let e = JSONEncoder()
                e.outputFormatting = [.prettyPrinted, .sortedKeys]
                writeStandardOutput(String(decoding: try e.encode(r), as: UTF8.self) + "\n")
                return
            }
            func f(_ v: Double) -> String { String(format: "%.3f", v) }
            if let d = r.dataset {
                writeStandardOutput("""
                dataset              \(d) (+ \(ontology.isEmpty ? "no ontology" : ontology))
                store                \(r.entities) entities, \(r.triples) triples, \(r.interactions) interactions
                import (fresh store) median \(f(r.medianImportSeconds)) s over \(r.importSeconds.count) runs: \(r.importSeconds.map(f).joined(separator: " "))
                reopen + load graph  median \(f(r.medianReopenSeconds)) s (snapshot read \(f(median(r.graphLoadSeconds))) s) = \(f(r.reopenSecondsPerMillionTriples)) s per million triples
                adjacency            \(String(format: "%.2f", r.adjacencyBytesPerTriple)) bytes/triple

                """)
            }
            if let file = r.rdfFile {
                writeStandardOutput("""
                rdf file             \(file): \(r.rdfTriples ?? 0) graph triples
                parse only           median \(f(r.rdfParseSeconds ?? 0)) s
                convert to N-Triples median \(f(r.rdfConvertSeconds ?? 0)) s (as kgrec convert FILE > /dev/null)
                import               median \(f(r.rdfImportSeconds ?? 0)) s (\(String(format: "%.2f", r.rdfImportToParseRatio ?? 0))x parse, \(String(format: "%.2f", r.rdfImportToConvertRatio ?? 0))x convert)
                reopen + load graph  \(f(r.rdfReopenSecondsPerMillionTriples ?? 0)) s per million triples; adjacency \(String(format: "%.2f", r.rdfAdjacencyBytesPerTriple ?? 0)) bytes/triple

                """)
            }
        }
    }

    private func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return 0 }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
