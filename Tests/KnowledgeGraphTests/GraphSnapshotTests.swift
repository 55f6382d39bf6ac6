import Foundation
import Testing
@testable import KnowledgeGraph

@Suite struct GraphSnapshotTests {
    static func sampleGraph() throws -> KnowledgeGraph {
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        var rng = SplitMix64(seed: 11)
        for _ in 0..<500 {
            b.addEdge(head: "e\(rng.next() % 80)", relation: "r\(rng.next() % 6)", tail: "é\(rng.next() % 90)")
        }
        b.entity("isolated 🎬")
        b.declareInverse("r1", "r2")
        return try b.build()
    }

    @Test func roundTripIsExact() throws {
        let g = try Self.sampleGraph()
        let bytes = GraphSnapshot.encode(g)
        let back = try GraphSnapshot.decode(bytes, path: "mem")
        #expect(back == g)
        #expect(back.graph == g.graph && back.inverse == g.inverse)
        #expect(GraphSnapshot.encode(back) == bytes)
    }

    @Test func writeIsAtomicAndReadable() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = try Self.sampleGraph()
        let path = dir + "/g.kgg"
        let sum = try GraphSnapshot.write(g, to: path)
        let (back, readSum) = try GraphSnapshot.read(from: path)
        #expect(back == g && readSum == sum)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["g.kgg"])
    }

    @Test func corruptedByteIsDetected() throws {
        var bytes = GraphSnapshot.encode(try Self.sampleGraph())
        bytes[bytes.count / 2] ^= 0x40
        #expect {
            try GraphSnapshot.decode(bytes, path: "x.kgg")
        } throws: { e in
            if case SnapshotError.checksumMismatch(let p, _, _) = e { return p == "x.kgg" }
            return false
        }
    }

    @Test func otherVersionsAreRefused() throws {
        for version: UInt32 in [0, 2, 99] {
            var bytes = GraphSnapshot.encode(try Self.sampleGraph())
            withUnsafeBytes(of: version.littleEndian) { for k in 0..<4 { bytes[8 + k] = $0[k] } }
            #expect {
                try GraphSnapshot.decode(bytes, path: "old.kgg")
            } throws: { e in
                guard case SnapshotError.unsupportedVersion(_, let found, let supported) = e else { return false }
                return found == version && supported == GraphSnapshot.formatVersion
                    && (e as! SnapshotError).description.contains("version \(version)")
            }
        }
    }

    @Test func truncatedAndForeignFilesAreRefused() throws {
        let bytes = GraphSnapshot.encode(try Self.sampleGraph())
        #expect {
            try GraphSnapshot.decode(Array(bytes.dropLast(3)), path: "t")
        } throws: { e in
            if case SnapshotError.truncated = e { return true }
            return false
        }
        #expect {
            try GraphSnapshot.decode(Array("hello world, not a graph at all....".utf8), path: "t")
        } throws: { e in
            if case SnapshotError.notASnapshot = e { return true }
            return false
        }
    }

    @Test func checksumSeesSmallChanges() {
        let a: [UInt8] = Array(repeating: 7, count: 37)
        var b = a
        b[36] = 8
        #expect(Checksum.of(a) != Checksum.of(b))
        #expect(Checksum.of(a) != Checksum.of(Array(a.dropLast())))
        #expect(Checksum.of(a) == Checksum.of(a))
    }
}
