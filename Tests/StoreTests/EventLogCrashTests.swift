import Foundation
import Testing
@testable import Store
#if canImport(Glibc)
import Glibc
#endif

/// Kills a `kgrec feedback` process in the middle of an ingest and checks the log afterwards:
/// every batch the process acknowledged is there, and no part of an unacknowledged batch is.
///
/// The child is the `kgrec` executable from the same build products directory as this test
/// bundle (`swift build` / `swift test` build it); the test fails with a message when it is absent.
@Suite struct EventLogCrashTests {
    static var kgrecBinary: String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        var dir = URL(fileURLWithPath: String(cString: buf)).deletingLastPathComponent()
        // macOS-style bundles: …/kgrecPackageTests.xctest/Contents/MacOS/…
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("kgrec").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    @Test func killedIngestLosesNoAcknowledgedEventAndShowsNoHalfBatch() throws {
        guard let binary = Self.kgrecBinary else {
            Issue.record("the kgrec executable is not next to the test bundle; run `swift build` first")
            return
        }
        let t = TemporaryStore()
        defer { t.cleanup(); try? FileManager.default.removeItem(atPath: t.path + "-inputs") }
        _ = try t.open()  // an empty store
        let batch = 997, total = 300_000
        var text = "event_id,user,item,kind,value,timestamp\n"
        text.reserveCapacity(total * 40)
        for k in 0..<total { text += "ev\(k),u\(k % 500),i\(k % 1700),rating,\(k % 5 + 1),\(1_000_000 + k)\n" }
        let input = t.file("events.csv", text)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["feedback", "--store", t.path, input, "--batch", "\(batch)", "--ack"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Read acknowledgements until a few batches are in, then kill -9 mid-ingest.
        var acknowledged: [(events: Int, line: Int, seq: Int64)] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while acknowledged.count < 5 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let nl = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...nl)
                let f = line.split(separator: " ")
                if f.count == 4, f[0] == "ack" { acknowledged.append((Int(f[1])!, Int(f[2])!, Int64(f[3])!)) }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the ingest finished before it could be killed; make the input larger")
        #expect(acknowledged.count >= 5)

        let store = try t.open(create: false)
        let events = try store.events()
        // Every acknowledged batch is there…
        let lastAcked = acknowledged.last!.seq
        #expect(events.count >= Int(lastAcked))
        #expect(acknowledged.map(\.seq) == acknowledged.indices.map { Int64(($0 + 1) * batch) })
        // …the log is whole batches only (no half batch), in input order, gap-free.
        #expect(events.count % batch == 0)
        #expect(events.map(\.seq) == (0..<events.count).map { Int64($0 + 1) })
        for (k, e) in events.enumerated() {
            guard e.event.eventID == "ev\(k)", e.event.value == Double(k % 5 + 1), e.event.timestamp == Double(1_000_000 + k) else {
                Issue.record("event \(k) is \(e.event)")
                break
            }
        }
        // Re-running the whole input completes the log without storing anything twice.
        let rerun = Process()
        rerun.executableURL = URL(fileURLWithPath: binary)
        rerun.arguments = ["feedback", "--store", t.path, input, "--batch", "\(batch)"]
        rerun.standardOutput = FileHandle.nullDevice
        try rerun.run()
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let after = try t.open(create: false)
        #expect(try after.eventCount() == total)
        #expect(try after.lastEventSeq() == Int64(total))
    }
}
