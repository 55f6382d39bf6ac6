import ArgumentParser
import Foundation
import Store

/// `kgrec feedback --store DIR FILE|-`: appends feedback events to the store's event log.
struct Feedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Append feedback events (CSV or JSON Lines) to the store's event log.",
        discussion: """
            Events: event_id, user, item, kind (view|click|like|purchase|dislike|rating), value (required \
            for rating, else optional), timestamp (Unix seconds). CSV needs a header naming the columns; \
            JSON Lines has one flat object per line. The format is detected from the first byte unless \
            --format is given.

            Events are committed in batches of --batch, each one durable transaction (WAL, synchronous=FULL): \
            a batch is acknowledged (with --ack, one line per batch on stdout) only after its commit has \
            reached the disk. An event_id already in the log is a duplicate and is not stored again. A \
            malformed event is rejected with its line number and reason (on stderr) and never stored; the \
            other events of the input are still stored.

            Exit status: 0 when every event was accepted or a duplicate; 3 when some events were rejected \
            (the valid ones are stored); 1 when the input or the store could not be used (nothing of the \
            failed batch is stored; earlier acknowledged batches are).
            """
    )

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("Event file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "Input format: auto, csv or jsonl.") var format: String = "auto"
    @Option(help: "Events per transaction.") var batch: Int = 10_000
    @Flag(help: "After each committed batch print 'ack <events> <last line> <last seq>' on stdout.") var ack = false
    @Option(help: "Rejected lines printed on stderr (the count is always reported).") var showRejected: Int = 100
    @Flag(help: "Print the summary as one JSON object.") var json = false
    @Flag(help: "Only read and validate the input; store nothing.") var dryRun = false

    func validate() throws {
        guard ["auto", "csv", "jsonl"].contains(format) else { throw ValidationError("--format must be auto, csv or jsonl, got '\(format)'") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard showRejected >= 0 else { throw ValidationError("--show-rejected must be ≥ 0") }
    }

    func run() throws {
        let rejectedAny: Bool = try reportingErrors {
            let clock = ContinuousClock()
            let start = clock.now
            let bytes = try Self.readInput(file)
            let store = try KGStore.open(at: storeOption.path, create: false)
            var reader = try FeedbackEventReader(bytes: bytes, format: format == "auto" ? nil : FeedbackInputFormat(rawValue: format),
                                                 source: file == "-" ? "<stdin>" : file)
            var accepted = 0, duplicates = 0, rejected = 0, batches = 0
            var lastSeq: Int64 = 0
            var pending: [FeedbackEvent] = []
            var pendingLines: [Int] = []
            pending.reserveCapacity(batch)
            pendingLines.reserveCapacity(batch)
            func report(_ r: FeedbackRejection) {
                rejected += 1
                if rejected <= showRejected { writeStandardError("kgrec: \(file == "-" ? "<stdin>" : file):\(r.line): \(r.problem)\n") }
            }
            func commit() throws {
                guard !pending.isEmpty else { return }
                if dryRun {
                    accepted += pending.count
                    pending.removeAll(keepingCapacity: true)
                    pendingLines.removeAll(keepingCapacity: true)
                    return
                }
                let result = try store.appendEvents(pending)
                for (k, outcome) in result.outcomes.enumerated() {
                    switch outcome {
                    case .accepted: accepted += 1
                    case .duplicate: duplicates += 1
                    case .rejected(let p): report(FeedbackRejection(line: pendingLines[k], problem: p))
                    }
                }
                lastSeq = result.lastSeq
                batches += 1
                if ack { writeStandardOutput("ack \(pending.count) \(pendingLines.last!) \(result.lastSeq)\n") }
                pending.removeAll(keepingCapacity: true)
                pendingLines.removeAll(keepingCapacity: true)
            }
            while let line = reader.next() {
                switch line {
                case .event(let number, let event):
                    pending.append(event)
                    pendingLines.append(number)
                    if pending.count == batch { try commit() }
                case .rejected(let r):
                    report(r)
                }
            }
            try commit()
            if lastSeq == 0 { lastSeq = try store.lastEventSeq() }
            let seconds = (clock.now - start).feedbackSeconds
            let total = accepted + duplicates + rejected
            let rate = seconds > 0 ? Double(total) / seconds : 0
            if rejected > showRejected { writeStandardError("kgrec: … \(rejected - showRejected) more rejected lines not shown\n") }
            if json {
                print("{\"accepted\": \(accepted), \"duplicates\": \(duplicates), \"rejected\": \(rejected), \"batches\": \(batches), \"last_seq\": \(lastSeq), \"format\": \"\(reader.format.rawValue)\", \"seconds\": \(seconds), \"events_per_second\": \(rate)}")
            } else {
                print("accepted \(accepted), duplicates \(duplicates), rejected \(rejected) (\(reader.format.rawValue), \(batches) batches, last seq \(lastSeq)); \(String(format: "%.3f", seconds)) s, \(Int(rate)) events/s")
            }
            return rejected > 0
        }
        if rejectedAny { throw ExitCode(3) }
    }

    enum InputError: Error, CustomStringConvertible {
        case unreadable(path: String, message: String)
        var description: String {
            switch self {
            case .unreadable(let p, let m): return "\(p): cannot read: \(m)"
            }
        }
    }

    static func readInput(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw InputError.unreadable(path: path, message: reason)
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw InputError.unreadable(path: path, message: error.localizedDescription)
        }
    }
}

extension Duration {
    fileprivate var feedbackSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
