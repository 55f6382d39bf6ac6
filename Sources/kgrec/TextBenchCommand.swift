import ArgumentParser
import Foundation
import TextEncoder

/// `kgrec text bench`: throughput at batch 32 on 1 and 2 threads, batch-1 latency, peak RSS.
struct TextBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the sentence encoder on a file of sentences (build with -c release for any figure)."
    )

    @OptionGroup var model: TextModelOption

    @Option(help: "Sentences per batch for the throughput runs.")
    var batch = 32

    @Option(parsing: .upToNextOption, help: "Thread counts to measure throughput with.")
    var threads: [Int] = [1, 2]

    @Option(help: "Timed passes over the file per thread count (the best is reported).")
    var repeats = 3

    @Option(help: "Batch-1 queries timed for the latency percentiles.")
    var queries = 300

    @Option(help: "The query for the latency figure.")
    var query = "a quiet drama about two brothers who inherit a farm"

    @Argument(help: "Sentences, one per line (e.g. the MovieLens titles).")
    var file: String

    func run() throws {
        try reportingErrors {
            let sentences = try SentenceInput.read(file)
            guard !sentences.isEmpty else { throw TextCommandError.badOption("\(file) has no sentences") }
            let loadStart = Date()
            let encoder = try SentenceEncoder(files: model.files)
            let loadSeconds = Date().timeIntervalSince(loadStart)
            let tokenized = sentences.map { encoder.tokenizer.encode($0).ids }
            let tokenCount = tokenized.reduce(0) { $0 + $1.count }
            var report = "model load: \(format(loadSeconds * 1000, 0)) ms\n"
            report += "input: \(sentences.count) sentences, \(tokenCount) tokens with markers (mean \(format(Double(tokenCount) / Double(sentences.count), 1)))\n"
            // Warm-up: page in the weights, let the thread pool start.
            _ = encoder.encode(Array(sentences.prefix(batch)), batchSize: batch, threads: threads.max() ?? 1)
            for t in threads {
                var best = Double.infinity
                var bestCPU = Double.infinity
                for _ in 0..<max(1, repeats) {
                    let start = Date()
                    let cpuStart = CPUClock.now()
                    _ = encoder.encode(sentences, batchSize: batch, threads: t)
                    best = min(best, Date().timeIntervalSince(start))
                    bestCPU = min(bestCPU, CPUClock.now() - cpuStart)
                }
                let n = Double(sentences.count)
                // CPU seconds as well: on a shared machine the wall-clock figure includes time
                // other processes took, while the CPU figure (per thread) does not.
                report += "batch \(batch), \(t) thread\(t == 1 ? "" : "s"): \(format(n / best, 1)) sentences/s (best of \(repeats): \(format(best, 3)) s wall, \(format(bestCPU, 3)) CPU s = \(format(n * Double(t) / bestCPU, 1)) sentences per \(t) CPU s; tokenisation included)\n"
            }
            let words = query.split(separator: " ").count
            for t in [1] + (threads.contains(2) ? [2] : []) {
                var samples: [Double] = []
                for i in 0..<(max(1, queries) + 10) {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = encoder.encode([query], batchSize: 1, threads: t)
                    let ns = DispatchTime.now().uptimeNanoseconds - start
                    if i >= 10 { samples.append(Double(ns) / 1e6) }
                }
                samples.sort()
                let p50 = samples[samples.count / 2]
                let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
                report += "batch 1, \(words)-word query, \(t) thread\(t == 1 ? "" : "s"): p50 \(format(p50, 2)) ms, p99 \(format(p99, 2)) ms\n"
            }
            report += "peak RSS: \(format(Double(CPUClock.peakRSS()) / 1e6, 1)) MB\n"
            writeStandardOutput(report)
        }
    }

    private func format(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
