import ArgumentParser
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

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
            let input = try InputFile(path: file)
            let store = try KGStore.open(at: storeOption.path, create: false)
            let source = file == "-" ? "<stdin>" : file
            let fixedFormat = format == "auto" ? nil : FeedbackInputFormat(rawValue: format)
            var reader: FeedbackEventReader? = nil
            var accepted = 0, duplicates = 0, rejected = 0, batches = 0
            var lastSeq: Int64 = 0
            var pending: [FeedbackEvent] = []
            var pendingLines: [Int] = []
            pending.reserveCapacity(batch)
            pendingLines.reserveCapacity(batch)
            func report(_ r: FeedbackRejection) {
                rejected += 1
                if rejected <= showRejected { writeStandardError("kgrec: \(source):\(r.line): \(r.problem)\n") }
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
            // The input is read in chunks of whole lines, so a pipe is ingested as it arrives: a
            // short read (the writer is slower than us) commits what is pending at once.
            var carry: [UInt8] = []
            while true {
                let (chunk, short) = try input.read()
                let eof = chunk.isEmpty
                carry.append(contentsOf: chunk)
                let cut: Int
                if eof {
                    cut = carry.count
                } else if let newline = carry.lastIndex(of: 0x0A) {
                    cut = newline + 1
                } else {
                    continue
                }
                // Auto-detection needs a non-blank byte; wait for one (or the end).
                if reader == nil && fixedFormat == nil && !eof && carry[..<cut].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                    continue
                }
                let bytes = Array(carry[..<cut])
                carry.removeFirst(cut)
                if let previous = reader {
                    reader = try FeedbackEventReader(continuing: previous, bytes: bytes)
                } else {
                    reader = try FeedbackEventReader(bytes: bytes, format: fixedFormat, source: source)
                }
                while let line = reader!.next() {
                    switch line {
                    case .event(let number, let event):
                        pending.append(event)
                        pendingLines.append(number)
                        if pending.count == batch { try commit() }
                    case .rejected(let r):
                        report(r)
                    }
                }
                if eof { break }
                if short { try commit() }
            }
            try commit()
            if lastSeq == 0 { lastSeq = try store.lastEventSeq() }
            let formatName = reader?.format.rawValue ?? fixedFormat?.rawValue ?? "empty"
            let seconds = (clock.now - start).feedbackSeconds
            let total = accepted + duplicates + rejected
            let rate = seconds > 0 ? Double(total) / seconds : 0
            if rejected > showRejected { writeStandardError("kgrec: … \(rejected - showRejected) more rejected lines not shown\n") }
            if json {
                print("{\"accepted\": \(accepted), \"duplicates\": \(duplicates), \"rejected\": \(rejected), \"batches\": \(batches), \"last_seq\": \(lastSeq), \"format\": \"\(formatName)\", \"seconds\": \(seconds), \"events_per_second\": \(rate)}")
            } else {
                print("accepted \(accepted), duplicates \(duplicates), rejected \(rejected) (\(formatName), \(batches) batches, last seq \(lastSeq)); \(String(format: "%.3f", seconds)) s, \(Int(rate)) events/s")
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

}

/// The input file (or standard input) read with `read(2)`, which returns what is available, so
/// a slow pipe is processed as it comes.
private final class InputFile {
    let fd: Int32
    let path: String
    private var buffer = [UInt8](repeating: 0, count: 1 << 22)

    init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw Feedback.InputError.unreadable(path: path, message: String(cString: strerror(errno))) }
        }
    }

    deinit { if fd > 0 { close(fd) } }

    /// The next bytes (empty at the end) and whether the read was short (less than a full buffer).
    func read() throws -> (bytes: ArraySlice<UInt8>, short: Bool) {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Feedback.InputError.unreadable(path: path, message: String(cString: strerror(errno)))
            }
            return (buffer[0..<n], n < buffer.count)
        }
    }
}

extension Duration {
    fileprivate var feedbackSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
