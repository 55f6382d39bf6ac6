import Foundation
import Testing
@testable import Embedding

@Suite struct EmbeddingFileTests {
    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-emb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func saveLoadRoundTripIsBitExact() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = TransE(entityCount: 7, relationCount: 3, dimension: 13, distance: .l2, seed: 4)
        let path = dir + "/model.kgemb"
        try EmbeddingFile.save(model, to: path)
        let loaded = try EmbeddingFile.load(from: path)
        #expect(loaded.distance == .l2)
        #expect(loaded.entities.isBitwiseEqual(to: model.entities))
        #expect(loaded.relations.isBitwiseEqual(to: model.relations))
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.kgemb"])
    }

    @Test func headerFieldsAtDocumentedOffsets() {
        let model = TransE(entityCount: 7, relationCount: 3, dimension: 13, distance: .l1, seed: 4)
        let bytes = EmbeddingFile.encode(model)
        #expect(Array(bytes[0..<8]) == Array("KGRECEMB".utf8))
        #expect(bytes.readLE(UInt32.self, at: 8) == 1)
        #expect(bytes.readLE(UInt32.self, at: 12) == 1)
        #expect(bytes.readLE(UInt32.self, at: 16) == 13)
        #expect(bytes.readLE(UInt64.self, at: 24) == 7)
        #expect(bytes.readLE(UInt64.self, at: 32) == 3)
        #expect(bytes.count == 64 + (7 + 3) * 13 * 4)
        // First payload float is entity 0, coordinate 0.
        #expect(Float(bitPattern: bytes.readLE(UInt32.self, at: 64)) == model.entities.row(0)[0])
        // Relation 0 starts after 7 entity rows.
        #expect(Float(bitPattern: bytes.readLE(UInt32.self, at: 64 + 7 * 13 * 4)) == model.relations.row(0)[0])
    }

    @Test func corruptionIsDetected() throws {
        let model = TransE(entityCount: 4, relationCount: 2, dimension: 8, distance: .l1, seed: 4)
        var bytes = EmbeddingFile.encode(model)
        bytes[100] ^= 0x01
        #expect(throws: EmbeddingFileError.self) { try EmbeddingFile.decode(bytes, path: "x") }
        do {
            _ = try EmbeddingFile.decode(bytes, path: "x")
        } catch let EmbeddingFileError.checksumMismatch(path, _, _) {
            #expect(path == "x")
        }
        let good = EmbeddingFile.encode(model)
        #expect(throws: EmbeddingFileError.truncated(path: "x", expectedBytes: 64 + 6 * 8 * 4, actualBytes: good.count - 1)) {
            try EmbeddingFile.decode(Array(good.dropLast()), path: "x")
        }
        var magic = good
        magic[0] = UInt8(ascii: "X")
        #expect(throws: EmbeddingFileError.badMagic(path: "x", found: Array("XGRECEMB".utf8))) { try EmbeddingFile.decode(magic, path: "x") }
        var version = good
        version[8] = 9
        #expect(throws: EmbeddingFileError.unsupportedVersion(path: "x", version: 9)) { try EmbeddingFile.decode(version, path: "x") }
        #expect(throws: EmbeddingFileError.self) { try EmbeddingFile.load(from: "/nonexistent/dir/model.kgemb") }
    }

    @Test func npyHeaderIsWhatNumpyReads() throws {
        let table = EmbeddingTable(rows: 3, dimension: 5)
        for i in 0..<3 { table.setVector(i, (0..<5).map { Float(i * 10 + $0) + 0.5 }) }
        let bytes = NumpyArray.encode(table)
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes.readLE(UInt16.self, at: 8))
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }"))
        #expect(header.hasSuffix("\n"))
        #expect(bytes.count == 10 + headerLength + 3 * 5 * 4)
        #expect(Float(bitPattern: bytes.readLE(UInt32.self, at: 10 + headerLength + 4 * 6)) == 11.5)  // [1][1]
        let back = try NumpyArray.decode(bytes, path: "t.npy")
        #expect(back.isBitwiseEqual(to: table))
    }

    @Test func exportsWriteVectorsWithIdsNamesAndLabels() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = TransE(entityCount: 3, relationCount: 2, dimension: 4, distance: .l1, seed: 8)
        let entities = ExportNames(identifiers: ["http://x/alice", "http://x/bob", "http://x/carol"], labels: ["Alice", "Bob\tSmith", ""])
        let relations = ExportNames(identifiers: ["knows", "likes"])
        try EmbeddingExport.writeTSV(model, entities: entities, relations: relations, to: dir + "/emb.tsv")
        let lines = try String(contentsOfFile: dir + "/emb.tsv", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 3 + 2 + 1 && lines.last == "")
        #expect(lines[0] == "kind\tid\tname\tlabel\tv0\tv1\tv2\tv3")
        let bob = lines[2].split(separator: "\t", omittingEmptySubsequences: false)
        #expect(bob.count == 8)
        #expect(bob[0] == "entity" && bob[1] == "1" && bob[2] == "http://x/bob" && bob[3] == "Bob\\tSmith")
        #expect(bob[4...].map { Float(String($0))! } == model.entities.vector(1))  // shortest round-trip decimals
        let carol = lines[3].split(separator: "\t", omittingEmptySubsequences: false)
        #expect(carol[2] == "http://x/carol" && carol[3] == "" && carol.count == 8)
        #expect(lines[5].hasPrefix("relation\t1\tlikes\t\t"))
        #expect(lines[5].split(separator: "\t", omittingEmptySubsequences: false)[4...].map { Float(String($0))! } == model.relations.vector(1))

        try EmbeddingExport.writeNumpy(model, entities: entities, relations: relations, directory: dir)
        #expect(try NumpyArray.load(from: dir + "/entities.npy").isBitwiseEqual(to: model.entities))
        #expect(try NumpyArray.load(from: dir + "/relations.npy").isBitwiseEqual(to: model.relations))
        #expect(try String(contentsOfFile: dir + "/relations.tsv", encoding: .utf8) == "id\tname\tlabel\n0\tknows\t\n1\tlikes\t\n")
        #expect(try String(contentsOfFile: dir + "/entities.tsv", encoding: .utf8)
                == "id\tname\tlabel\n0\thttp://x/alice\tAlice\n1\thttp://x/bob\tBob\\tSmith\n2\thttp://x/carol\t\n")
        #expect(throws: EmbeddingFileError.labelCountMismatch(kind: "entity", labels: 2, rows: 3)) {
            try EmbeddingExport.writeTSV(model, entities: ExportNames(identifiers: ["a", "b"]), relations: relations, to: dir + "/x.tsv")
        }
        #expect(throws: EmbeddingFileError.labelCountMismatch(kind: "relation", labels: 1, rows: 2)) {
            try EmbeddingExport.writeNumpy(model, entities: entities, relations: ExportNames(identifiers: ["a", "b"], labels: ["x"]), directory: dir)
        }
    }

    /// A python3 on `PATH` (then the usual system places) that can import numpy.
    static let numpyPython: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/python3" } + ["/usr/bin/python3", "/usr/local/bin/python3"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && (try? run($0, ["-c", "import numpy"]).status) == 0 }
    }()

    /// numpy itself reads the `.npy` export: an outside check of the format the Swift reader above
    /// already checks, so it runs only where python3 has numpy.
    @Test(.enabled(if: numpyPython != nil, "no python3 with numpy on PATH: the outside check of the .npy format is skipped"))
    func numpyLoadsTheExport() throws {
        let python = try #require(Self.numpyPython)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = TransE(entityCount: 5, relationCount: 3, dimension: 7, distance: .l2, seed: 3)
        try EmbeddingExport.writeNumpy(model, entities: ExportNames(identifiers: (0..<5).map { "e\($0)" }),
                                       relations: ExportNames(identifiers: ["r0", "r1", "r2"]), directory: dir)
        let script = """
            import numpy as np, sys
            for name in ("entities", "relations"):
                a = np.load(sys.argv[1] + "/" + name + ".npy")
                assert a.dtype == np.float32 and a.flags["C_CONTIGUOUS"], (a.dtype, a.flags)
                print(name, a.shape[0], a.shape[1], " ".join(repr(float(x)) for x in a.ravel()))
            """
        let result = try Self.run(python, ["-c", script, dir])
        #expect(result.status == 0, "python3 failed: \(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        for (i, (table, name)) in [(model.entities, "entities"), (model.relations, "relations")].enumerated() where i < lines.count {
            let line = lines[i]
            let fields = line.split(separator: " ")
            #expect(fields[0] == Substring(name) && Int(fields[1]) == table.rows && Int(fields[2]) == table.dimension)
            let values = fields[3...].map { Float(Double(String($0))!) }
            #expect(values == (0..<table.rows).flatMap { table.vector($0) })
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func modelBundleRoundTripsVectorsAndRecord() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var setup = TrainingSetup()
        setup.dimension = 6
        setup.loss = .nssa
        setup.loop.seed = 99
        let model = TransE(entityCount: 5, relationCount: 2, dimension: 6, distance: .l1, seed: 1)
        let bundle = TrainedModelBundle(model: model, record: .init(setup: setup, epochs: 12, metrics: ["valid_mrr": 0.5]))
        try bundle.write(to: dir + "/models/m1")
        let back = try TrainedModelBundle.read(from: dir + "/models/m1")
        #expect(back.record == bundle.record)
        #expect(back.model.entities.isBitwiseEqual(to: model.entities))
        // A record that disagrees with the vectors is rejected.
        var wrong = bundle
        wrong.record.setup.dimension = 7
        try wrong.write(to: dir + "/models/m2")
        try FileManager.default.removeItem(atPath: dir + "/models/m2/embeddings.kgemb")
        try EmbeddingFile.save(model, to: dir + "/models/m2/embeddings.kgemb")
        #expect(throws: EmbeddingFileError.self) { try TrainedModelBundle.read(from: dir + "/models/m2") }
    }
}
