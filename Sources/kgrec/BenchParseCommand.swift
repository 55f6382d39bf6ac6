import ArgumentParser
import Foundation
import RDF

/// `kgrec bench parse FILE`: RDF parsing throughput, side by side with the bare
/// libxml2 SAX pass and (when installed) rapper, in the same run.
struct BenchParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Measure RDF/XML, N-Triples or Turtle parsing and conversion against libxml2's SAX pass and rapper."
    )

    @Argument(help: "The RDF file to parse (see `kgrec bench generate-rdfxml`).")
    var file: String

    @Option(help: "Input format.")
    var from: InputFormatOption = .auto

    @Option(name: .customLong("repeat"), help: "Repetitions; the median CPU time is reported.")
    var repetitions: Int = 3

    @Flag(help: "Skip rapper even if it is installed.")
    var noRapper = false

    @Flag(help: "Print JSON.")
    var json = false

    struct Row: Codable {
        var name: String
        var cpuSeconds: Double
        var triplesPerSecond: Double?
        var peakRSSMB: Double?
        /// Input megabytes (10^6 bytes) per CPU second.
        var megabytesPerSecond: Double?
    }

    func run() throws {
        try reportingErrors {
            guard let format = from.format ?? RDFFormat.detect(path: file) else {
                throw RDFParseError.io(path: file, message: "cannot tell the RDF format; pass --from")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            var rows: [Row] = []
            var triples = 0
            func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

            // Child processes run first, while this process is still small: on Linux a child's
            // peak RSS (wait4) starts from the RSS of the parent it was forked from.
            // `kgrec convert` as its own process: CPU and peak RSS of the whole tool.
            let me = ChildProcess.currentExecutable
            var convert: [ChildProcess.Usage] = []
            for _ in 0..<repetitions {
                if let u = ChildProcess.run(me, ["convert", file, "--from", format.rawValue, "--to", "ntriples"]) {
                    convert.append(u)
                }
            }
            if let mid = convert.sorted(by: { $0.cpuSeconds < $1.cpuSeconds }).dropFirst(convert.count / 2).first {
                rows.append(Row(name: "kgrec convert → N-Triples (process)", cpuSeconds: mid.cpuSeconds,
                                triplesPerSecond: 0, // set below, once the triples are counted
                                peakRSSMB: Double(mid.peakRSSBytes) / 1e6))
            }
            if !noRapper, let rapper = ChildProcess.which("rapper") {
                let input = format == .rdfXML ? "rdfxml" : format == .turtle ? "turtle" : "ntriples"
                var runs: [ChildProcess.Usage] = []
                for _ in 0..<repetitions {
                    if let u = ChildProcess.run(rapper, ["-q", "-i", input, "-o", "ntriples", file]) { runs.append(u) }
                }
                if let mid = runs.sorted(by: { $0.cpuSeconds < $1.cpuSeconds }).dropFirst(runs.count / 2).first {
                    rows.append(Row(name: "rapper → N-Triples (process)", cpuSeconds: mid.cpuSeconds,
                                    triplesPerSecond: 0, // set below, once the triples are counted
                                    peakRSSMB: Double(mid.peakRSSBytes) / 1e6))
                }
            }
            if format == .rdfXML {
                var times: [Double] = []
                for _ in 0..<repetitions {
                    let t0 = CPUClock.now()
                    _ = try LibXML2Baseline.saxPass(fileAt: file)
                    times.append(CPUClock.now() - t0)
                }
                rows.append(Row(name: "libxml2 SAX pass (no RDF)", cpuSeconds: median(times)))
            }
            var times: [Double] = []
            for _ in 0..<repetitions {
                var sink = CountingSink()
                let t0 = CPUClock.now()
                try RDFReader.parse(fileAt: file, format: format, into: &sink)
                times.append(CPUClock.now() - t0)
                triples = sink.count
            }
            let parseCPU = median(times)
            rows.append(Row(name: "kgrec parse (count triples)", cpuSeconds: parseCPU,
                            triplesPerSecond: Double(triples) / parseCPU))

            // Rates of the process rows, now that the triple count is known.
            for r in rows.indices where rows[r].triplesPerSecond != nil {
                rows[r].triplesPerSecond = Double(triples) / rows[r].cpuSeconds
            }
            for r in rows.indices where rows[r].cpuSeconds > 0 {
                rows[r].megabytesPerSecond = Double(bytes) / 1e6 / rows[r].cpuSeconds
            }
            rows.sort { order($0.name) < order($1.name) }
            report(rows: rows, triples: triples, bytes: bytes)
        }
    }

    private func order(_ name: String) -> Int {
        name.hasPrefix("libxml2") ? 0 : name.hasPrefix("kgrec parse") ? 1 : name.hasPrefix("kgrec convert") ? 2 : 3
    }

    private func report(rows: [Row], triples: Int, bytes: Int) {
        if json {
            struct Out: Codable { var file: String; var bytes: Int; var triples: Int; var rows: [Row] }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = (try? enc.encode(Out(file: file, bytes: bytes, triples: triples, rows: rows))) ?? Data()
            writeStandardOutput(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        var s = "file \(file): \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(triples) triples, median of \(repetitions) runs (CPU seconds)\n"
        for r in rows {
            s += r.name.padding(toLength: 40, withPad: " ", startingAt: 0)
            s += String(format: "%8.3f s", r.cpuSeconds)
            if let t = r.triplesPerSecond { s += String(format: "  %10.0f triples/s", t) }
            if let m = r.megabytesPerSecond { s += String(format: "  %7.1f MB/s", m) }
            if let m = r.peakRSSMB { s += String(format: "  peak RSS %6.1f MB", m) }
            s += "\n"
        }
        let sax = rows.first { $0.name.hasPrefix("libxml2") }
        let conv = rows.first { $0.name.hasPrefix("kgrec convert") }
        let rapper = rows.first { $0.name.hasPrefix("rapper") }
        if let conv, let rapper, let a = conv.triplesPerSecond, let b = rapper.triplesPerSecond {
            s += String(format: "kgrec convert vs rapper: %.2f× rapper's triples/s (target ≥ 3×)\n", a / b)
        }
        if let conv, let sax {
            s += String(format: "kgrec convert vs bare libxml2 SAX pass: %.2f× its CPU time (target ≤ 5×)\n",
                        conv.cpuSeconds / sax.cpuSeconds)
        }
        writeStandardOutput(s)
    }
}

/// The options of the synthetic-ontology generators, and the output file they write.
struct GeneratorOptions: ParsableArguments {
    @Option(help: "Output file.")
    var out: String

    @Option(help: "Approximate size in megabytes (10^6 bytes).")
    var megabytes: Int = 160

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    /// Opens `out`, lets `generate` write into it (returning bytes and triples written), and reports.
    func write(_ generate: (_ targetBytes: Int, _ seed: UInt64, _ fileDescriptor: Int32) -> (Int, Int)) throws {
        try reportingErrors {
            let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw RDFParseError.io(path: out, message: String(cString: strerror(errno))) }
            defer { close(fd) }
            let (bytes, triples) = generate(megabytes * 1_000_000, seed, fd)
            writeStandardOutput("wrote \(out): \(bytes) bytes, \(triples) triples\n")
        }
    }
}

/// `kgrec bench generate-rdfxml`: writes the synthetic benchmark ontology.
struct BenchGenerateRDFXML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-rdfxml",
        abstract: "Write a large realistic RDF/XML film ontology for parser benchmarks."
    )

    @OptionGroup var options: GeneratorOptions

    func run() throws {
        try options.write { target, seed, fd in
            var generator = SyntheticRDFXMLGenerator(targetBytes: target, seed: seed, fileDescriptor: fd)
            return generator.generate()
        }
    }
}

/// `kgrec bench generate-turtle`: writes the synthetic Turtle benchmark ontology.
struct BenchGenerateTurtle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-turtle",
        abstract: "Write a large realistic Turtle film ontology for parser benchmarks."
    )

    @OptionGroup var options: GeneratorOptions

    func run() throws {
        try options.write { target, seed, fd in
            var generator = SyntheticTurtleGenerator(targetBytes: target, seed: seed, fileDescriptor: fd)
            return generator.generate()
        }
    }
}
