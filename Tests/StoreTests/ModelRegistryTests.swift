import Foundation
import Testing
@testable import Store

@Suite struct ModelRegistryTests {
    struct Config: Codable, Equatable { var dim: Int; var note: String }

    struct Boom: Error {}

    private func files(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func registersListsAndFindsTheLatestModelOfAKind() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        #expect(try s.models().isEmpty)
        #expect(try s.latestModel(kind: "transe") == nil)

        let a = try s.registerModel(kind: "transe", configuration: Config(dim: 8, note: "first"), metrics: ["loss": 0.5]) { dir in
            try Data("vectors".utf8).write(to: URL(fileURLWithPath: dir + "/embeddings.bin"))
            try FileManager.default.createDirectory(atPath: dir + "/extra", withIntermediateDirectories: false)
            try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/extra/part"))
        }
        let b = try s.registerModel(kind: "hybrid", configuration: Config(dim: 4, note: "h"), metrics: [String: Double](), lastEventSeq: 7) { dir in
            try Data("h".utf8).write(to: URL(fileURLWithPath: dir + "/model.bin"))
        }
        let c = try s.registerModel(kind: "transe", configuration: Config(dim: 16, note: "second"), metrics: ["loss": 0.25]) { dir in
            try Data("v2".utf8).write(to: URL(fileURLWithPath: dir + "/embeddings.bin"))
        }
        let ids: [Int] = [a.id, b.id, c.id]
        #expect(ids == [1, 2, 3])
        #expect(b.lastEventSeq == 7 && a.lastEventSeq == 0)
        #expect(a.graphGeneration == s.graphGeneration)

        // A fresh handle sees the same registry (it is in the database, not in memory).
        let again = try t.open(create: false)
        #expect(try again.models() == [a, b, c])
        #expect(try again.models(kind: "transe").map(\.id) == [1, 3])
        #expect(try again.latestModel(kind: "transe") == c)
        #expect(try again.latestModel(kind: "coldstart") == nil)
        #expect(try again.model(id: 2) == b)
        #expect(try again.model(id: 99) == nil)
        #expect(try c.decodeConfiguration(Config.self) == Config(dim: 16, note: "second"))
        #expect(try c.decodeMetrics([String: Double].self) == ["loss": 0.25])

        // Files were moved into models/<id>/ intact; nothing temporary is left.
        #expect(files(in: s.modelsDirectory) == ["1", "2", "3"])
        #expect(files(in: s.modelDirectory(id: 1)) == ["embeddings.bin", "extra"])
        #expect(try String(contentsOfFile: s.modelDirectory(id: 1) + "/extra/part", encoding: .utf8) == "x")
        #expect(try String(contentsOfFile: s.modelDirectory(id: 3) + "/embeddings.bin", encoding: .utf8) == "v2")
    }

    @Test func failureInTheWriterLeavesNoRowAndNoDirectory() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        try s.registerModel(kind: "transe", configuration: Config(dim: 1, note: ""), metrics: [String: Double]()) { dir in
            try Data("ok".utf8).write(to: URL(fileURLWithPath: dir + "/f"))
        }
        var sawDirectory = ""
        #expect(throws: Boom.self) {
            try s.registerModel(kind: "transe", configuration: Config(dim: 2, note: ""), metrics: [String: Double]()) { dir in
                sawDirectory = dir
                try Data("half".utf8).write(to: URL(fileURLWithPath: dir + "/f"))
                throw Boom()
            }
        }
        #expect(sawDirectory.contains("/models/.tmp-2-"))
        #expect(try s.models().map(\.id) == [1])
        #expect(files(in: s.modelsDirectory) == ["1"])
        // The next registration gets the next free id and succeeds.
        let next = try s.registerModel(kind: "transe", configuration: Config(dim: 3, note: ""), metrics: [String: Double]()) { _ in }
        #expect(next.id == 2)
        #expect(files(in: s.modelsDirectory) == ["1", "2"])
    }

    @Test func leftoversOfAnInterruptedRegistrationAreIgnoredThenRemoved() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let first = try s.registerModel(kind: "transe", configuration: Config(dim: 1, note: ""), metrics: [String: Double]()) { dir in
            try Data("one".utf8).write(to: URL(fileURLWithPath: dir + "/f"))
        }
        // A crash while writing (temporary directory) and a crash between the rename and the
        // row insert (numbered directory without a row).
        let fm = FileManager.default
        try fm.createDirectory(atPath: s.modelsDirectory + "/.tmp-2-999999", withIntermediateDirectories: false)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: s.modelsDirectory + "/.tmp-2-999999/f"))
        try fm.createDirectory(atPath: s.modelsDirectory + "/2", withIntermediateDirectories: false)
        try Data("orphan".utf8).write(to: URL(fileURLWithPath: s.modelsDirectory + "/2/f"))

        #expect(try s.models() == [first])
        #expect(try s.model(id: 2) == nil)
        #expect(try s.latestModel(kind: "transe") == first)

        let second = try s.registerModel(kind: "transe", configuration: Config(dim: 2, note: ""), metrics: [String: Double]()) { dir in
            try Data("two".utf8).write(to: URL(fileURLWithPath: dir + "/f"))
        }
        #expect(second.id == 2)
        #expect(files(in: s.modelsDirectory) == ["1", "2"])
        #expect(try String(contentsOfFile: s.modelDirectory(id: 2) + "/f", encoding: .utf8) == "two")
        #expect(try String(contentsOfFile: s.modelDirectory(id: 1) + "/f", encoding: .utf8) == "one")
    }

    @Test func entityLabelsAgreeWithPerEntityLookups() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importOntology(files: [Samples.filmOntology])
        let labels = try s.entityLabels()
        #expect(labels.count == s.graph.entities.count)
        #expect(labels.contains { $0 != nil } && labels.contains { $0 == nil })
        for id in 0..<labels.count { #expect(labels[id] == (try s.label(ofEntity: Int32(id))), "entity \(id)") }
    }
}
