import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Store
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Graceful shutdown of the whole `kgrec serve` service group (sink, model service, HTTP) in
/// process: clients post feedback over real connections, shutdown is triggered in the middle, and
/// afterwards every acknowledged event is in the log exactly once and the sink refuses new batches.
@Suite struct GracefulShutdownTests {
    /// A loopback port that was free a moment ago (bound to 0, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func shutdownDuringFeedbackLoadLosesNoAcknowledgedEvent() async throws {
        let port = try Self.freePort()
        let fixture = try await ServerFixture.make(load: false) { $0.port = port }
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        let group = ServingServiceGroup.make(server: fixture.server, logger: logger, reloadSignals: [], gracefulShutdownSignals: [])
        let running = Task { try await group.run() }

        // Ready: the start-up load done (bounded wait; the listener may not be up at first).
        var ready = false
        for _ in 0..<400 where !ready {
            ready = (try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.execute(.init("/readyz", method: .get)).status == .ok
            }) ?? false
            if !ready { try await Task.sleep(for: .milliseconds(25)) }
        }
        try #require(ready)

        let progress = ShutdownLoadProgress()
        try await withThrowingTaskGroup(of: Void.self) { clients in
            for c in 0..<6 {
                clients.addTask {
                    try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                        for n in 0..<10_000 {
                            let ids = (0..<20).map { "c\(c)-\(n)-\($0)" }
                            let body = #"{"events": ["# + ids.map { #"{"event_id": "\#($0)", "user": "\#(c % 3 + 1)", "item": "11", "kind": "view", "timestamp": 1}"# }
                                .joined(separator: ",") + "]}"
                            let r = try await client.execute(.init("/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                                                   body: ByteBuffer(string: body)))
                            if r.status == .accepted { progress.acknowledged.withLock { $0 += ids } }
                            progress.posted.withLock { $0 += 1 }
                        }
                    }
                }
            }
            // Shut down in the middle of the load.
            for _ in 0..<2000 where progress.posted.withLock({ $0 }) < 30 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await clients.waitForAll()
        }
        try await running.value  // the group stopped by itself: every service returned

        let acked = progress.acknowledged.withLock { $0 }
        #expect(acked.count >= 30 * 20)
        let logged = try KGStore.open(at: fixture.storePath, create: false).events().map(\.event.eventID)
        #expect(Set(logged).count == logged.count)  // none twice
        #expect(Set(acked).isSubset(of: Set(logged)))  // none lost
        // The sink was closed by the shutdown (after the HTTP server had finished its requests).
        let sink = try #require(fixture.server.state.feedback)
        await #expect(throws: FeedbackSink.SinkError.self) {
            try await sink.append([FeedbackEvent(eventID: "late", user: "1", item: "11", kind: .view, value: nil, timestamp: 1)])
        }
    }
}

/// What the clients of the shutdown test saw.
private final class ShutdownLoadProgress: Sendable {
    let acknowledged = Mutex<[String]>([])
    let posted = Mutex(0)
}
