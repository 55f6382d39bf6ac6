import Foundation
import TestSupport
import TextEncoder

/// The model files for the tests that need them: `KGREC_TEXT_MODEL_DIR`, else the fetch script's
/// default cache directory. Absent files skip those tests (they are not in the repository).
enum TestModel {
    static let files = ModelFiles.locate()

    static var isAvailable: Bool { files.isComplete }
    static var hasVocabulary: Bool { FileManager.default.fileExists(atPath: files.vocabulary.path) }

    static let skipMessage = "all-MiniLM-L6-v2 not found in \(files.directory.path): run scripts/fetch-text-model.sh or set KGREC_TEXT_MODEL_DIR"

    /// The encoder, loaded once for the whole suite.
    static let encoder: Result<SentenceEncoder, Error> = Result { try SentenceEncoder(files: files) }

    /// `Tests/Fixtures/text-encoder/sentences.txt`, split on `\n` only.
    static func sentences() throws -> [String] {
        let data = try Data(contentsOf: TestData.fixture("text-encoder/sentences.txt"))
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A temporary directory for hand-made files, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kgrec-text-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
