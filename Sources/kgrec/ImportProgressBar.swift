import Foundation
import KnowledgeGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr (rows/s, ETA) for files over a few MB,
/// shown only when stderr is a terminal and `--quiet` is off.
final class ImportProgressBar {
    /// Files smaller than this never show a bar.
    static let minimumBytes = 4 << 20
    private let enabled: Bool
    private let start = Date()
    private var shown = false
    private var lastDraw = Date.distantPast

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) == 1
    }

    /// The handler to pass to importers (nil when the bar is off).
    var handler: ProgressHandler? {
        guard enabled else { return nil }
        return { [self] p in self.update(p) }
    }

    private func update(_ p: ImportProgress) {
        guard p.bytesTotal >= Self.minimumBytes else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || p.bytesDone == p.bytesTotal else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let fraction = Double(p.bytesDone) / Double(max(p.bytesTotal, 1))
        let rate = Double(p.rows) / elapsed
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let name = (p.file as NSString).lastPathComponent
        writeStandardError("\r\(name) [\(bar)] \(String(format: "%3.0f%% %d rows %.0f rows/s ETA %.0fs  ", fraction * 100, p.rows, rate, eta))")
        shown = true
    }

    /// Clears the bar line.
    func finish() {
        if shown { writeStandardError("\r\u{1B}[K") }
        shown = false
    }
}
