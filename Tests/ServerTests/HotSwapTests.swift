import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Synchronization
import Testing

/// Model hot swap: `POST /v1/admin/reload` loads the latest registered model and swaps it in
/// while requests keep being answered.
@Suite struct HotSwapTests {
    @Test func snapshotTakenBeforeASwapStaysUsable() async throws {
        let fixture = try await ServerFixture.make(models: 1)
        let holder = fixture.server.state.holder
        let before = try #require(holder.current)
        try fixture.registerAnotherModel(seed: 7)
        let outcome = try await fixture.server.state.reloader.reload()
        #expect(outcome.previousModelID == 1 && outcome.modelID == 2)
        // The request that took `before` finishes on it: still the old model, still answering.
        #expect(before.record.id == 1)
        #expect(before.recommender.recommend(user: 0, k: 2).count == 2)
        #expect(holder.current?.record.id == 2)
    }

    @Test func reloadSwapsWithoutFailingConcurrentRequests() async throws {
        let fixture = try await ServerFixture.make(models: 1)
        try fixture.registerAnotherModel(seed: 9)
        try await fixture.application().test(.router) { client in
            let seen = Tally()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for i in 0..<60 {
                            let user = ["1", "2", "3"][(worker + i) % 3]
                            let r = try await client.execute(uri: "/v1/users/\(user)/recommendations?k=2", method: .get)
                            if r.status != .ok { seen.fail("\(r.status) \(r.text)") }
                            if let id = (r.json["model"] as? [String: Any])?["id"] as? Int { seen.count(id) }
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(5))
                    let r = try await client.execute(uri: "/v1/admin/reload", method: .post)
                    if r.status != .ok { seen.fail("reload: \(r.status) \(r.text)") }
                    #expect(r.json["model"] as? Int == 2)
                    #expect(r.json["previous_model"] as? Int == 1)
                }
                try await group.waitForAll()
            }
            #expect(seen.failures.withLock { $0 }.isEmpty)
            let counts = seen.models.withLock { $0 }
            #expect(Set(counts.keys).isSubset(of: [1, 2]))
            #expect(counts.values.reduce(0, +) == 8 * 60)
            let after = try await client.execute(uri: "/v1/users/1/recommendations", method: .get)
            #expect((after.json["model"] as? [String: Any])?["id"] as? Int == 2)
        }
    }

    @Test func failedReloadKeepsServingTheCurrentModel() async throws {
        let fixture = try await ServerFixture.make(models: 1)
        // Damage the registered model's file: the reload must fail and leave model 1 in place.
        let file = fixture.storePath + "/models/1/hybrid.kgm"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: file))
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/admin/reload", method: .post)
            #expect(r.status == .internalServerError)
            #expect(r.errorCode == "reload_failed")
            #expect(r.text.contains("checksum"))
            let still = try await client.execute(uri: "/v1/users/1/recommendations", method: .get)
            #expect(still.status == .ok)
            #expect((still.json["model"] as? [String: Any])?["id"] as? Int == 1)
        }
    }

    @Test func reloadWithoutAnyModelIs409() async throws {
        let fixture = try await ServerFixture.make(models: 0, load: false)
        try await fixture.application().test(.router) { client in
            let r = try await client.execute(uri: "/v1/admin/reload", method: .post)
            #expect(r.status == .conflict)
            #expect(r.errorCode == "no_model")
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.text.contains("no registered hybrid model"))
        }
    }
}

/// Answers counted across concurrent request tasks.
private final class Tally: Sendable {
    let models = Mutex<[Int: Int]>([:])
    let failures = Mutex<[String]>([])
    func count(_ model: Int) { models.withLock { $0[model, default: 0] += 1 } }
    func fail(_ what: String) { failures.withLock { $0.append(what) } }
}
