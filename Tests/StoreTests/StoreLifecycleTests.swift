import Foundation
import GRDB
import KnowledgeGraph
import Testing
@testable import Store

@Suite struct StoreLifecycleTests {
    @Test func createsAnEmptyStoreAndRefusesToInventOne() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        #expect {
            try t.open(create: false)
        } throws: { e in
            if case StoreError.noStore = e { return true }
            return false
        }
        let s = try t.open()
        #expect(s.graph.tripleCount == 0 && s.graphGeneration == 0)
        let st = try s.statistics()
        #expect(st.entities == 0 && st.users == 0 && st.interactions == 0)
        #expect(try s.db.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func reopenedStoreHasTheSameGraph() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        let triples = t.file("t.tsv", "a\tr\tb\nb\tr\tc\nc\ts\ta\n")
        _ = try s.importTriples(file: triples, format: .init())
        let again = try t.open(create: false)
        #expect(again.graph == s.graph)
        #expect(again.graphGeneration == 1)
        #expect(again.graphLoadSeconds >= 0)
    }

    @Test func olderStoreFormatIsRefusedWithAClearMessage() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        do {
            let s = try t.open()
            try s.db.write { db in try db.execute(sql: "PRAGMA user_version = 0") }
        }
        #expect {
            try t.open()
        } throws: { e in
            guard case StoreError.unsupportedFormat(_, 0, KGStore.formatVersion) = e else { return false }
            return "\(e)".contains("older kgrec")
        }
    }

    @Test func storeOfThePreviousFormatVersionIsRefused() throws {
        // Version 1 kept one SQL row per literal attribute; version 2 keeps one blob per entity.
        #expect(KGStore.formatVersion == 3)
        let t = TemporaryStore()
        defer { t.cleanup() }
        do {
            let s = try t.open()
            try s.db.write { db in try db.execute(sql: "PRAGMA user_version = 1") }
        }
        #expect {
            try t.open(create: false)
        } throws: { e in
            guard case StoreError.unsupportedFormat(_, 1, 3) = e else { return false }
            return "\(e)".contains("older kgrec") && "\(e)".contains("Re-import")
        }
    }

    @Test func versionTwoStoreIsUpgradedInPlaceKeepingItsData() throws {
        // Version 3 only adds the model registry and the event log to version 2.
        let t = TemporaryStore()
        defer { t.cleanup() }
        do {
            let s = try t.open()
            try s.db.write { db in
                try db.execute(sql: "DROP TABLE models")
                try db.execute(sql: "DROP TABLE events")
                try db.execute(sql: "INSERT INTO users(id, external_id) VALUES (0, 'alice')")
                try db.execute(sql: "PRAGMA user_version = 2")
            }
        }
        let s = try t.open(create: false)
        let (version, tables, users) = try s.db.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('models', 'events') ORDER BY name"),
             try String.fetchAll(db, sql: "SELECT external_id FROM users"))
        }
        #expect(version == 3)
        #expect(tables == ["events", "models"])
        #expect(users == ["alice"])
    }

    @Test func foreignSQLiteDatabaseIsRefused() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        try FileManager.default.createDirectory(atPath: t.path, withIntermediateDirectories: true)
        let q = try DatabaseQueue(path: t.path + "/kgrec.sqlite")
        try q.write { db in try db.execute(sql: "CREATE TABLE x(a)") }
        try q.close()
        #expect {
            try t.open()
        } throws: { e in
            if case StoreError.notAStore = e { return true }
            return false
        }
    }

    @Test func olderSnapshotVersionIsRefused() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importTriples(file: t.file("t.tsv", "a\tr\tb\n"), format: .init())
        let path = s.snapshotPath(generation: 1)
        var bytes = try AtomicFile.read(path)
        bytes[8] = 0  // version 1 -> 0
        try AtomicFile.write(bytes, to: path)
        #expect {
            try t.open()
        } throws: { e in
            guard case StoreError.snapshot(.unsupportedVersion(_, 0, GraphSnapshot.formatVersion)) = e else { return false }
            return true
        }
    }

    @Test func corruptSnapshotIsRefused() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importTriples(file: t.file("t.tsv", "a\tr\tb\nb\tr\tc\n"), format: .init())
        let path = s.snapshotPath(generation: 1)
        var bytes = try AtomicFile.read(path)
        bytes[bytes.count - 1] ^= 1
        try AtomicFile.write(bytes, to: path)
        #expect {
            try t.open()
        } throws: { e in
            guard case StoreError.snapshot(.checksumMismatch) = e else { return false }
            return true
        }
    }

    @Test func snapshotFromAnotherGenerationIsNotTakenForTheCurrentOne() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importTriples(file: t.file("a.tsv", "a\tr\tb\n"), format: .init())
        let g1 = try AtomicFile.read(s.snapshotPath(generation: 1))
        _ = try s.importTriples(file: t.file("b.tsv", "b\tr\tc\n"), format: .init())
        // Put generation 1's (valid) file where generation 2's should be.
        try AtomicFile.write(g1, to: s.snapshotPath(generation: 2))
        #expect {
            try t.open()
        } throws: { e in
            guard case StoreError.inconsistent = e else { return false }
            return true
        }
    }

    @Test func importThroughAStaleHandleBuildsOnTheLatestGeneration() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let a = try t.open()
        let b = try t.open()
        _ = try a.importTriples(file: t.file("a.tsv", "x\tr\ty\n"), format: .init())
        // b was opened before a's import; its import must not lose a's triple.
        let r = try b.importTriples(file: t.file("b.tsv", "y\tr\tz\n"), format: .init())
        #expect(r.graphGeneration == 2 && b.graph.tripleCount == 2)
        let reopened = try t.open(create: false)
        #expect(reopened.graph.tripleCount == 2 && reopened.graphGeneration == 2)
        #expect(try reopened.statistics().entities == 3)
    }

    @Test func orphanSnapshotOfAnInterruptedImportIsRemovedByTheNextImport() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importTriples(file: t.file("a.tsv", "x\tr\ty\n"), format: .init())
        // As if a crash happened between writing generation 2's snapshot and committing it.
        try AtomicFile.write([1, 2, 3], to: s.snapshotPath(generation: 2))
        let again = try t.open()
        #expect(again.graphGeneration == 1 && again.graph.tripleCount == 1)
        _ = try again.importTriples(file: t.file("b.tsv", "y\tr\tz\n"), format: .init())
        #expect(try KGStore.open(at: t.path, create: false).graph.tripleCount == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: t.path + "/graph")
        #expect(files == ["graph-2.kgg"])
    }
}
