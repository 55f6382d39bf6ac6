import Embedding
import Foundation
import Testing
@testable import Recommender

@Suite struct HybridModelFileTests {
    static func model() throws -> HybridRecommender {
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<30 { for i in 0..<12 where (u * 7 + i * 3) % 4 == 0 { pairs.append((Int32(u), Int32(i))) } }
        let x = InteractionMatrix(userCount: 30, itemCount: 12, pairs: pairs)
        var c = HybridConfiguration()
        c.l2 = 3
        c.embeddingWeight = 0.3
        c.joint.kg.dimension = 8
        c.joint.epochs = 3
        return try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c).0
    }

    @Test func roundTripKeepsEveryScore() throws {
        let m = try Self.model()
        #expect(m.embedding != nil && m.embeddingWeight > 0)
        let back = try HybridModelFile.decode(HybridModelFile.encode(m), path: "mem")
        for u in 0..<30 {
            #expect(back.recommend(user: u, k: 12, excludeSeen: false) == m.recommend(user: u, k: 12, excludeSeen: false))
        }
    }

    @Test func damagedFilesAreRefused() throws {
        var bytes = HybridModelFile.encode(try Self.model())
        bytes[100] ^= 0x40
        #expect(throws: HybridModelFileError.checksumMismatch(path: "f")) { try HybridModelFile.decode(bytes, path: "f") }
        #expect(throws: HybridModelFileError.notAModel(path: "f")) { try HybridModelFile.decode(Array("not a model at all".utf8), path: "f") }
    }

    @Test func embeddingBlendChangesTheRanking() throws {
        // The blended model scores = matrix part + embedding part; with the embedding weight forced to
        // zero the scores are the matrix part alone.
        let m = try Self.model()
        let matrixOnly = HybridRecommender(matrix: m.matrix, interactions: m.interactions, embedding: m.embedding,
                                           matrixWeight: m.matrixWeight, embeddingWeight: 0)
        var differs = false
        for u in 0..<30 {
            var a = [Float](repeating: 0, count: 12), b = a
            a.withUnsafeMutableBufferPointer { m.scores(user: u, excludeSeen: false, into: $0) }
            b.withUnsafeMutableBufferPointer { matrixOnly.scores(user: u, excludeSeen: false, into: $0) }
            var e = [Float](repeating: 0, count: 12)
            e.withUnsafeMutableBufferPointer { m.embedding!.scores(user: u, scale: m.embeddingWeight, into: $0) }
            if m.interactions.degree(user: u) > 0 {
                for j in 0..<12 { #expect(abs(a[j] - (b[j] + e[j])) < 1e-4) }
                if a != b { differs = true }
            }
        }
        #expect(differs)
    }
}

@Suite struct DotProductScorerTests {
    @Test func blockedScoresEqualPlainDotProducts() {
        // 21 items (two full blocks and a partial one), dimension 5, with biases.
        var rng = Xoshiro256StarStar(seed: 3)
        let d = 5, n = 21
        let items = (0..<(n * d)).map { _ in rng.nextUnitFloat() - 0.5 }
        let users = (0..<(2 * d)).map { _ in rng.nextUnitFloat() - 0.5 }
        let bias = (0..<n).map { Float($0) * 0.01 }
        let s = DotProductScorer(dimension: d, users: users, items: items, itemBias: bias)
        #expect(s.itemVector(13) == Array(items[(13 * d)..<(14 * d)]))
        var out = [Float](repeating: 1, count: n)
        out.withUnsafeMutableBufferPointer { s.scores(user: 1, scale: 2, into: $0) }
        for j in 0..<n {
            var dot: Float = 0
            for k in 0..<d { dot += users[d + k] * items[j * d + k] }
            #expect(abs(out[j] - 2 * (dot + bias[j])) < 1e-5, "item \(j)")
        }
        var acc = [Float](repeating: 1, count: n)
        acc.withUnsafeMutableBufferPointer { s.scores(user: 1, scale: 2, accumulate: true, into: $0) }
        for j in 0..<n { #expect(abs(acc[j] - (out[j] + 1)) < 1e-5) }
    }
}
