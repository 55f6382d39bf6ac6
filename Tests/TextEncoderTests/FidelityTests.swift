import Foundation
import Testing
import TestSupport
import TextEncoder

/// Agreement with the reference outputs of sentence-transformers (Tests/Fixtures/text-encoder).
@Suite("all-MiniLM-L6-v2 fidelity")
struct FidelityTests {
    @Test("WordPiece ids identical to the reference for all 100 sentences",
          .enabled(if: TestModel.hasVocabulary, "\(TestModel.skipMessage)"))
    func tokenIDs() throws {
        let tokenizer = try BertTokenizer(vocabularyFile: TestModel.files.vocabulary)
        let sentences = try TestModel.sentences()
        let lines = try String(contentsOf: TestData.fixture("text-encoder/tokens.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(sentences.count == 100)
        #expect(lines.count == sentences.count)
        var identical = 0
        for (i, line) in lines.enumerated() {
            let reference = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let ids = try #require(reference["ids"] as? [Int]).map { Int32($0) }
            let truncated = try #require(reference["truncated"] as? Bool)
            let got = tokenizer.encode(sentences[i])
            #expect(got.ids == ids, "sentence \(i): \(sentences[i].prefix(60))")
            #expect(got.truncated == truncated, "sentence \(i)")
            if got.ids == ids { identical += 1 }
        }
        #expect(identical == 100)
    }

    @Test("Embeddings within 1e-5 (max abs) of the reference for all 100 sentences",
          .enabled(if: TestModel.isAvailable, "\(TestModel.skipMessage)"))
    func embeddings() throws {
        let encoder = try TestModel.encoder.get()
        let sentences = try TestModel.sentences()
        let reference = try NumpyArrayFile.decode(Data(contentsOf: TestData.fixture("text-encoder/embeddings.npy")))
        #expect(reference.count == 100 && reference.dimension == 384)
        let got = encoder.encode(sentences, batchSize: 32, threads: 2)
        #expect(got.count == reference.count && got.dimension == reference.dimension)
        var worst: Float = 0
        for i in 0..<got.values.count { worst = max(worst, abs(got.values[i] - reference.values[i])) }
        #expect(worst <= 1e-5, "max abs difference \(worst)")
    }

    @Test("Batch size, thread count and input order do not change a sentence's embedding",
          .enabled(if: TestModel.isAvailable, "\(TestModel.skipMessage)"))
    func batchingInvariance() throws {
        let encoder = try TestModel.encoder.get()
        let sentences = Array(try TestModel.sentences().prefix(12))
        let batched = encoder.encode(sentences, batchSize: 5, threads: 2)  // passes side by side
        let single = encoder.encode(sentences, batchSize: 1, threads: 1)
        let reversed = encoder.encode(sentences.reversed(), batchSize: 32, threads: 1)
        let split = encoder.encode(sentences, batchSize: 32, threads: 2)  // one pass split over threads
        for i in sentences.indices {
            let r = reversed[sentences.count - 1 - i]
            for (a, (b, (c, d))) in zip(batched[i], zip(single[i], zip(r, split[i]))) {
                #expect(abs(a - b) <= 1e-6 && abs(a - c) <= 1e-6 && abs(a - d) <= 1e-6)
            }
        }
    }

    @Test("The empty sentence embeds [CLS] [SEP] to a unit vector",
          .enabled(if: TestModel.isAvailable, "\(TestModel.skipMessage)"))
    func emptySentence() throws {
        let encoder = try TestModel.encoder.get()
        #expect(encoder.tokenizer.encode("").ids == [101, 102])
        let v = encoder.encode([""])
        let norm = v.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norm - 1) < 1e-5)
    }
}
