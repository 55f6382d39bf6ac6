import Foundation
import KnowledgeGraph
import Testing
@testable import Store

/// Every import path fails as a whole: a malformed row far into a file leaves the store
/// byte-for-byte as it was (database and snapshots), and the error points at the row.
@Suite struct AtomicImportTests {
    /// Fills a store with some data, runs `failing`, and checks the error and that nothing changed.
    func expectUnchanged(
        _ failing: (KGStore, TemporaryStore) throws -> Void, check: (StoreError) -> Bool
    ) throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        do {
            let s = try t.open()
            var f = RecBoleDataset.Options()
            f.namespace = IdentifierNamespace(Samples.freebase)
            _ = try s.importRecBole(directory: Samples.tinyRecBole, format: f)
        }
        let before = try t.fingerprint()
        let semanticBefore = try t.open().semanticSnapshot()
        do {
            let s = try t.open()
            var caught: StoreError?
            do { try failing(s, t) } catch let e as StoreError { caught = e }
            #expect(caught.map(check) == true, "unexpected outcome: \(String(describing: caught))")
            #expect(try s.semanticSnapshot() == semanticBefore)
        }
        let after = try t.fingerprint()
        #expect(after == before)
        if after != before {
            for (k, v) in after where before[k] != v {
                let b = before[k] ?? Data()
                let firstDiff = zip(v, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                Issue.record("\(k) differs: \(b.count) -> \(v.count) bytes, first difference at \(String(describing: firstDiff))")
            }
            for k in before.keys where after[k] == nil { Issue.record("\(k) disappeared") }
        }
        #expect(try t.open().semanticSnapshot() == semanticBefore)
    }

    static func manyRows(_ n: Int, bad line: Int, good: (Int) -> String, badRow: String, header: String) -> String {
        var s = header + "\n"
        for k in 2...n { s += (k == line ? badRow : good(k)) + "\n" }
        return s
    }

    @Test func malformedTriplesFile() throws {
        try expectUnchanged({ s, t in
            let text = Self.manyRows(50_000, bad: 49_999, good: { "x\($0)\trel\(($0 % 7))\ty\($0 % 100)" },
                                     badRow: "x\tonly-two", header: "h\tr\tt")
            _ = try s.importTriples(file: t.file("big.tsv", text), format: .init(hasHeader: true))
        }, check: { e in
            guard case .importFailed(.fieldCount(_, 49_999, 3, 2, _)) = e else { return false }
            return "\(e)".contains("big.tsv:49999")
        })
    }

    @Test func malformedInteractionsFile() throws {
        try expectUnchanged({ s, t in
            let text = Self.manyRows(20_000, bad: 12_345, good: { "u\($0 % 50),i\($0 % 300),\($0 % 5 + 1),\($0)" },
                                     badRow: "u1,i2,four,99", header: "user,item,rating,ts")
            _ = try s.importInteractions(file: t.file("r.csv", text),
                                         format: .init(userColumn: "user", itemColumn: "item", valueColumn: "rating", timeColumn: "ts"))
        }, check: { e in
            guard case .importFailed(.badValue(let f, 12_345, "rating", "four", _)) = e else { return false }
            return f.hasSuffix("r.csv")
        })
    }

    @Test func malformedUsersFile() throws {
        try expectUnchanged({ s, t in
            let text = Self.manyRows(3_000, bad: 2_999, good: { "n\($0),\($0 % 90),F" }, badRow: "n7,very old,M", header: "id,age,gender")
            _ = try s.importUsers(file: t.file("u.csv", text),
                                  format: .init(idColumn: "id", buckets: [try BucketSpec(parsing: "age:0,18,25")]))
        }, check: { e in
            guard case .importFailed(.badValue(_, 2_999, "age", "very old", _)) = e else { return false }
            return true
        })
    }

    @Test func malformedRecBoleDataset() throws {
        try expectUnchanged({ s, t in
            let dir = t.path + "-rb"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for ext in ["kg", "link", "item", "user"] {
                try FileManager.default.copyItem(atPath: Samples.tinyRecBole + "/tiny.\(ext)", toPath: dir + "/tiny.\(ext)")
            }
            // A new KG triple and new users come before the bad .inter row: none of them may land.
            try Data("head_id:token\trelation_id:token\ttail_id:token\nm.new\tfilm.film.genre\tm.g9\n".utf8)
                .write(to: URL(fileURLWithPath: dir + "/tiny.kg"))
            let inter = Self.manyRows(5_000, bad: 4_321, good: { "\($0 % 40)\t\($0 % 9)\t4\t\($0)" },
                                      badRow: "7\t8\t4\tyesterday", header: "user_id:token\titem_id:token\trating:float\ttimestamp:float")
            try Data(inter.utf8).write(to: URL(fileURLWithPath: dir + "/tiny.inter"))
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var f = RecBoleDataset.Options()
            f.namespace = IdentifierNamespace(Samples.freebase)
            _ = try s.importRecBole(directory: dir, format: f)
        }, check: { e in
            guard case .importFailed(.badValue(let file, 4_321, "timestamp", "yesterday", _)) = e else { return false }
            return file.hasSuffix("tiny.inter")
        })
    }

    @Test func malformedRecBoleHeader() throws {
        try expectUnchanged({ s, t in
            let dir = t.path + "-rbh"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data("user_id:token\titem_id:tokn\n1\t2\n".utf8).write(to: URL(fileURLWithPath: dir + "/x.inter"))
            defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try s.importRecBole(directory: dir, format: .init())
        }, check: { e in
            guard case .importFailed(.badHeader(_, 1, "item_id:tokn", _)) = e else { return false }
            return true
        })
    }

    @Test func malformedRDFFile() throws {
        try expectUnchanged({ s, t in
            var nt = ""
            for k in 0..<3_000 { nt += "<http://e.org/s\(k)> <http://e.org/p> <http://e.org/o\(k % 10)> .\n" }
            nt += "<http://e.org/s> <http://e.org/p> \"unterminated .\n"
            let good = t.file("good.nt", "<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n")
            _ = try s.importOntology(files: [good, t.file("bad.nt", nt)])
        }, check: { e in
            guard case .importFailed(.rdf(let file, let err)) = e else { return false }
            return file.hasSuffix("bad.nt") && err.location?.line == 3_001
        })
    }

    /// The snapshot is written on another thread while the database rows go in; when
    /// it cannot be written, the transaction is rolled back and nothing is left behind.
    @Test func failedSnapshotWriteRollsTheDatabaseBack() throws {
        let t = TemporaryStore()
        defer { t.cleanup() }
        let s = try t.open()
        _ = try s.importTriples(file: t.file("a.tsv", "a\tr\tb\n"), format: .init())
        let graphBefore = s.graph
        let nt = t.file("x.nt", """
            <http://e.org/x> <http://e.org/p> <http://e.org/y> .
            <http://e.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .
            <http://e.org/x> <http://e.org/age> "3" .

            """)
        // A directory where generation 2's snapshot must go makes its rename fail.
        let blocker = s.snapshotPath(generation: 2)
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        #expect {
            _ = try s.importOntology(files: [nt])
        } throws: { e in
            guard case StoreError.snapshot = e else { return false }
            return true
        }
        try FileManager.default.removeItem(atPath: blocker)
        let reopened = try t.open(create: false)
        #expect(reopened.graph == graphBefore && reopened.graphGeneration == 1)
        let st = try reopened.statistics()
        #expect(st.entityAttributes == 0 && st.labelledEntities == 0 && st.imports == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reopened.graphDirectory) == ["graph-1.kgg"])
        let r = try reopened.importOntology(files: [nt])
        #expect(r.addedAttributes == 1 && r.labelsSet == 1 && r.graphGeneration == 2)
    }
}
