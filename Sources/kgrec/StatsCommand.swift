import ArgumentParser
import RDF
import Foundation

/// `kgrec stats [FILE] [--json]`: statistics of an RDF file, or of a store when no file is given.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Statistics of an RDF file, or of the store when no FILE is given."
    )

    @Argument(help: "An RDF file (RDF/XML, N-Triples or Turtle). Omit it to describe the store.")
    var file: String?

    @Option(help: "Input format for FILE.")
    var from: InputFormatOption = .auto

    @Option(help: "Base IRI for relative references in FILE.")
    var base: String?

    @Option(help: "Store directory (default: $KGREC_STORE or ./kgrec-data).")
    var store: String?

    @Option(help: "How many of the most frequent predicates to list.")
    var top: Int = 10

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try reportingErrors {
            guard let file else {
                let path = store ?? ProcessInfo.processInfo.environment["KGREC_STORE"] ?? "./kgrec-data"
                try runStoreStats(storePath: path, json: json)
                return
            }
            let started = CPUClock.now()
            let wall = Date()
            var sink = StatisticsSink()
            try RDFReader.parse(fileAt: file, format: from.format, base: base, into: &sink)
            let cpu = CPUClock.now() - started
            let seconds = Date().timeIntervalSince(wall)
            let report = sink.report(file: file, top: top, parseSeconds: seconds, cpuSeconds: cpu)
            writeStandardOutput(json ? report.json() : report.text())
        }
    }
}

/// Counts what `kgrec stats` reports while the parser streams.
struct StatisticsSink: TripleSink {
    var triples = 0
    var subjects: Set<Term> = []
    var predicates: [String: Int] = [:]
    var objects: Set<Term> = []
    var iriObjects = 0, blankObjects = 0, literalObjects = 0

    mutating func consume(_ t: Triple) throws {
        triples += 1
        subjects.insert(t.subject)
        predicates[t.predicate, default: 0] += 1
        objects.insert(t.object)
        switch t.object {
        case .iri: iriObjects += 1
        case .blank: blankObjects += 1
        case .literal: literalObjects += 1
        }
    }

    func report(file: String, top: Int, parseSeconds: Double, cpuSeconds: Double) -> FileStatistics {
        let topPredicates = predicates.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(top).map { FileStatistics.PredicateCount(predicate: $0.key, count: $0.value) }
        return FileStatistics(file: file, triples: triples, distinctSubjects: subjects.count,
                              distinctPredicates: predicates.count, distinctObjects: objects.count,
                              iriObjects: iriObjects, blankObjects: blankObjects, literalObjects: literalObjects,
                              topPredicates: Array(topPredicates), parseSeconds: parseSeconds, cpuSeconds: cpuSeconds,
                              triplesPerSecond: parseSeconds > 0 ? Double(triples) / parseSeconds : 0)
    }
}

/// What `kgrec stats FILE` prints.
struct FileStatistics: Codable {
    struct PredicateCount: Codable { var predicate: String; var count: Int }
    var file: String
    var triples: Int
    var distinctSubjects: Int
    var distinctPredicates: Int
    var distinctObjects: Int
    var iriObjects: Int
    var blankObjects: Int
    var literalObjects: Int
    var topPredicates: [PredicateCount]
    var parseSeconds: Double
    var cpuSeconds: Double
    var triplesPerSecond: Double

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    func text() -> String {
        var s = """
        file                 \(file)
        triples              \(triples)
        distinct subjects    \(distinctSubjects)
        distinct predicates  \(distinctPredicates)
        distinct objects     \(distinctObjects)
        objects              \(iriObjects) IRI, \(blankObjects) blank, \(literalObjects) literal
        parse                \(String(format: "%.3f", parseSeconds)) s wall, \(String(format: "%.3f", cpuSeconds)) s CPU, \(Int(triplesPerSecond)) triples/s
        top predicates

        """
        for p in topPredicates { s += "  \(String(p.count).padding(toLength: 10, withPad: " ", startingAt: 0)) \(p.predicate)\n" }
        return s
    }
}
