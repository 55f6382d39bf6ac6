import Foundation
import Testing
import TextEncoder

@Suite("Model files and output formats")
struct FormatTests {
    @Test func npyRoundTrip() throws {
        let m = EmbeddingMatrix(count: 2, dimension: 3, values: [1, -2, 3.5, 0, .leastNonzeroMagnitude, 1e30])
        let data = NumpyArrayFile.encode(m)
        #expect(Array(data.prefix(8)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(data.count == 10 + headerLength + 24)
        #expect(try NumpyArrayFile.decode(data) == m)
    }

    @Test func npyRejectsOtherFiles() {
        #expect(throws: NumpyFormatError.self) { try NumpyArrayFile.decode(Data("hello world".utf8)) }
    }

    @Test func defaultModelDirectory() {
        #expect(ModelFiles.defaultDirectory(environment: ["KGREC_TEXT_MODEL_DIR": "/m"]).path == "/m")
        #expect(ModelFiles.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path
            == "/c/kgrec/all-MiniLM-L6-v2")
        #expect(ModelFiles.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.cache/kgrec/all-MiniLM-L6-v2")
    }

    @Test func configMismatchIsReported() throws {
        let dir = try TestModel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.json")
        try Data(#"{"hidden_size": 768, "num_hidden_layers": 6}"#.utf8).write(to: url)
        #expect(throws: ModelError.configMismatch(file: url.path, key: "hidden_size", expected: "384", found: "768")) {
            try BertConfig(contentsOf: url)
        }
    }

    @Test func missingModelFilesAreReported() throws {
        let dir = try TestModel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ModelFiles(directory: dir)
        #expect(throws: ModelError.missingFile(path: files.config.path)) { try SentenceEncoder(files: files) }
    }
}
