import Foundation
import Testing
import TextEncoder

/// The safetensors reader on small hand-made files.
@Suite("Safetensors reader")
struct SafetensorsTests {
    /// A file with the given JSON header (padded to 8 bytes) and data bytes.
    static func file(header: String, data: [UInt8], headerLength: UInt64? = nil) -> Data {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: (headerLength ?? UInt64(h.count)).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: h)
        out.append(contentsOf: data)
        return out
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    /// Writes `contents` to a fresh temporary file, opens it, and cleans up.
    static func open(_ contents: Data) throws -> SafetensorsFile {
        let dir = try TestModel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.safetensors")
        try contents.write(to: url)
        return try SafetensorsFile(path: url.path)
    }

    static let validHeader = """
        {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
        "ids":{"dtype":"I64","shape":[1,2],"data_offsets":[24,40]}}
        """

    @Test func readsValidFile() throws {
        let data = Self.floats([1, 2, 3, 4, 5, 6.5]) + [UInt8](repeating: 0, count: 16)
        let f = try Self.open(Self.file(header: Self.validHeader, data: data))
        #expect(f.metadata["format"] == "pt")
        #expect(f.tensors.count == 2)
        #expect(f.tensors["ids"]?.dtype == "I64")
        #expect(try f.floats("a", shape: [2, 3]) == [1, 2, 3, 4, 5, 6.5])
    }

    @Test func rejectsTruncatedData() throws {
        let data = Self.floats([1, 2, 3, 4, 5, 6])  // ids' 16 bytes are missing
        #expect(throws: SafetensorsError.self) { try Self.open(Self.file(header: Self.validHeader, data: data)) }
        do {
            _ = try Self.open(Self.file(header: Self.validHeader, data: data))
        } catch let SafetensorsError.dataOutOfRange(_, tensor, _, _) {
            #expect(tensor == "ids")
        }
    }

    @Test func rejectsFileShorterThanLengthField() throws {
        #expect { try Self.open(Data([1, 2, 3])) } throws: { error in
            if case SafetensorsError.tooShort(_, let size) = error { return size == 3 }
            return false
        }
    }

    @Test func rejectsHeaderLengthPastEnd() throws {
        let contents = Self.file(header: Self.validHeader, data: [], headerLength: 1 << 40)
        #expect { try Self.open(contents) } throws: { error in
            if case SafetensorsError.headerLengthOutOfRange(_, let length, _) = error { return length == 1 << 40 }
            return false
        }
    }

    @Test func rejectsHeaderThatIsNotJSON() throws {
        #expect { try Self.open(Self.file(header: "{\"a\": [", data: [])) } throws: { error in
            if case SafetensorsError.headerNotJSON = error { return true }
            return false
        }
        #expect { try Self.open(Self.file(header: "[1, 2]", data: [])) } throws: { error in
            if case SafetensorsError.headerNotJSON = error { return true }
            return false
        }
    }

    @Test func rejectsMalformedEntries() throws {
        let headers = [
            #"{"a":{"shape":[1],"data_offsets":[0,4]}}"#,
            #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
        ]
        for header in headers {
            #expect(throws: SafetensorsError.self) { try Self.open(Self.file(header: header, data: [0, 0, 0, 0])) }
        }
    }

    @Test func rejectsUnknownDTypeAndSizeMismatch() throws {
        #expect { try Self.open(Self.file(header: #"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])) } throws: { error in
            if case SafetensorsError.unknownDType(_, "a", "Q7") = error { return true }
            return false
        }
        #expect { try Self.open(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])) } throws: { error in
            if case SafetensorsError.sizeMismatch(_, "a", 8, 4) = error { return true }
            return false
        }
    }

    @Test func rejectsOverlappingTensors() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect { try Self.open(Self.file(header: header, data: Self.floats([1, 2, 3]))) } throws: { error in
            if case SafetensorsError.overlapping(_, "a", "b", 4) = error { return true }
            return false
        }
    }

    @Test func checksDTypeAndShapeOnRead() throws {
        let data = Self.floats([1, 2, 3, 4, 5, 6]) + [UInt8](repeating: 0, count: 16)
        let f = try Self.open(Self.file(header: Self.validHeader, data: data))
        #expect(throws: SafetensorsError.wrongShape(file: f.path, tensor: "a", expected: [3, 2], found: [2, 3])) {
            try f.floats("a", shape: [3, 2])
        }
        #expect(throws: SafetensorsError.wrongDType(file: f.path, tensor: "ids", expected: "F32", found: "I64")) {
            try f.floats("ids", shape: [1, 2])
        }
        #expect(throws: SafetensorsError.missingTensor(file: f.path, tensor: "b")) {
            try f.floats("b", shape: [1])
        }
    }

    @Test func rejectsMissingFile() {
        #expect { try SafetensorsFile(path: "/nonexistent/model.safetensors") } throws: { error in
            if case SafetensorsError.cannotRead(_, "open", _) = error { return true }
            return false
        }
    }

    @Test("The real model passes validation and matches config.json",
          .enabled(if: TestModel.isAvailable, "\(TestModel.skipMessage)"))
    func realModel() throws {
        let f = try SafetensorsFile(path: TestModel.files.safetensors.path)
        #expect(f.tensors["embeddings.word_embeddings.weight"]?.shape == [30522, 384])
        #expect(f.tensors["encoder.layer.5.output.dense.weight"]?.shape == [384, 1536])
        let config = try BertConfig(contentsOf: TestModel.files.config)
        #expect(config == .miniLML6)
    }
}
