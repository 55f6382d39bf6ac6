import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Synchronization
import Testing

/// `--watch-models`: a model registered by a retrain is picked up from the registry and hot-swapped
/// without a signal or an admin request, while requests keep being answered.
@Suite struct ModelWatchTests {
    @Test func newlyRegisteredModelIsSwappedInWithoutFailingRequests() async throws {
        let fixture = try await ServerFixture.make(models: 1)
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        var service = ModelReloadService(reloader: fixture.server.state.reloader, logger: logger)
        service.loadAtStart = false
        service.reloadSignals = []
        service.watch = (.milliseconds(20), ModelReloadService.latestModelProbe(storePath: fixture.storePath))
        let watching = Task { try await service.run() }
        defer { watching.cancel() }

        try await fixture.application().test(.router) { client in
            let seen = WatchTally()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        // Until model 2 has answered a few times (bounded: at most ~20 s of requests).
                        for i in 0..<4000 {
                            let user = ["1", "2", "3"][(worker + i) % 3]
                            let r = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=2", method: .get)
                            if r.status != .ok { seen.fail("\(r.status) \(r.text)") }
                            if let id = (r.json["model"] as? [String: Any])?["id"] as? Int { seen.count(id) }
                            if seen.models.withLock({ $0[2, default: 0] }) >= 20 { return }
                            try await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
                group.addTask {
                    // A retrain registers model 2 while the requests run (nobody tells the server).
                    try await Task.sleep(for: .milliseconds(100))
                    try fixture.registerAnotherModel(seed: 5)
                }
                try await group.waitForAll()
            }
            #expect(seen.failures.withLock { $0 }.isEmpty)
            let counts = seen.models.withLock { $0 }
            #expect(counts[1, default: 0] > 0)  // served before the retrain
            #expect(counts[2, default: 0] >= 20)  // and the new one afterwards
            #expect(Set(counts.keys) == [1, 2])
            #expect(fixture.server.state.holder.current?.record.id == 2)
            let after = try await client.execute(uri: "/v1/users/1/recommendations", method: .get)
            #expect((after.json["model"] as? [String: Any])?["id"] as? Int == 2)
        }
    }

    @Test func aModelThatFailsToLoadIsNotRetriedAndTheCurrentOneStays() async throws {
        let fixture = try await ServerFixture.make(models: 1)
        try fixture.registerAnotherModel(seed: 3)
        // Damage model 2's file: the watch tries it once and keeps serving model 1.
        let file = fixture.storePath + "/models/2/hybrid.kgm"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: file))
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        var service = ModelReloadService(reloader: fixture.server.state.reloader, logger: logger)
        service.loadAtStart = false
        service.reloadSignals = []
        service.watch = (.milliseconds(10), ModelReloadService.latestModelProbe(storePath: fixture.storePath))
        let watching = Task { try await service.run() }
        func metrics() -> String { String(decoding: fixture.server.state.metrics.exposition(), as: UTF8.self) }
        let failedOnce = "kgrec_model_reloads_total{result=\"error\"} 1\n"
        for _ in 0..<1000 where !metrics().contains(failedOnce) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(metrics().contains(failedOnce))
        // Many more polls: the damaged model is not tried again.
        try await Task.sleep(for: .milliseconds(300))
        watching.cancel()
        try await watching.value
        #expect(metrics().contains(failedOnce))
        #expect(fixture.server.state.holder.current?.record.id == 1)
    }
}

/// Answers counted across concurrent request tasks.
private final class WatchTally: Sendable {
    let models = Mutex<[Int: Int]>([:])
    let failures = Mutex<[String]>([])
    func count(_ model: Int) { models.withLock { $0[model, default: 0] += 1 } }
    func fail(_ what: String) { failures.withLock { $0.append(what) } }
}
