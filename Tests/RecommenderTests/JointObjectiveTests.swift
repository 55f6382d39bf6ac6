import Embedding
import Testing
@testable import Recommender

/// The joint loss = interactions block + KG feature block + TransE block + L2; its gradient is
/// checked against central differences, and the closed form must be a stationary point off the diagonal.
@Suite struct JointObjectiveTests {
    // 4 users × 5 items, 2 KG features, 2-d item embeddings.
    let users: [(Int32, Int32)] = [(0, 0), (0, 1), (1, 1), (1, 2), (1, 3), (2, 0), (2, 4), (3, 2), (3, 3)]
    let features = SparseIncidence(columnCount: 5, rows: [[0, 4], [1, 2, 3]])
    let vectors: [[Float]] = [[1, 0], [0.6, 0.8], [], [0, 1], [0.8, -0.6]]

    func objective(l2: Double, featureWeight: Double, power: Double, embeddingWeight: Double) -> JointObjective {
        let n = 5
        var x = [Double](repeating: 0, count: 4 * n)
        for (u, i) in users { x[Int(u) * n + Int(i)] = 1 }
        var f = [Double](repeating: 0, count: features.rowCount * n)
        for r in 0..<features.rowCount {
            for i in features.row(r) { f[r * n + Int(i)] = pow(Double(features.row(r).count), -power / 2) }
        }
        var e = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n where !vectors[i].isEmpty { for d in 0..<2 { e[d * n + i] = Double(vectors[i][d]) } }
        return JointObjective(itemCount: n, l2: l2, blocks: [(x, 4, 1), (f, features.rowCount, featureWeight), (e, 2, embeddingWeight)])
    }

    @Test func gradientMatchesFiniteDifferences() {
        let obj = objective(l2: 0.7, featureWeight: 0.5, power: 1, embeddingWeight: 0.3)
        var rng = Xoshiro256StarStar(seed: 11)
        let b = (0..<25).map { _ in Double(rng.nextUnitFloat()) - 0.5 }
        let g = obj.gradient(b)
        let h = 1e-6
        for k in 0..<25 {
            var bp = b, bm = b
            bp[k] += h; bm[k] -= h
            let numeric = (obj.loss(bp) - obj.loss(bm)) / (2 * h)
            #expect(abs(numeric - g[k]) < 1e-5 * max(1, abs(numeric)), "entry \(k)")
        }
    }

    @Test func closedFormIsStationaryOffTheDiagonalAndBeatsPerturbations() throws {
        let obj = objective(l2: 0.7, featureWeight: 0.5, power: 1, embeddingWeight: 0.3)
        let x = InteractionMatrix(userCount: 4, itemCount: 5, pairs: users.map { (user: $0.0, item: $0.1) })
        var gram = GramMatrix(itemCount: 5)
        gram.addInteractions(x)
        gram.addIncidence(features, weight: 0.5, power: 1)
        gram.addEmbeddings(vectors, weight: 0.3)
        let b = try ItemAutoencoder.fit(gram: gram, l2: 0.7)
        let g = obj.gradient(b)
        for i in 0..<5 {
            #expect(b[i * 5 + i] == 0)
            for j in 0..<5 where i != j { #expect(abs(g[i * 5 + j]) < 1e-9, "(\(i),\(j))") }
        }
        var rng = Xoshiro256StarStar(seed: 5)
        let base = obj.loss(b)
        for _ in 0..<20 {
            var p = b
            for k in 0..<25 where k % 6 != 0 { p[k] += 0.01 * (Double(rng.nextUnitFloat()) - 0.5) }
            #expect(obj.loss(p) >= base)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
