import Embedding
import Testing
@testable import Recommender

@Suite struct DenseCholeskyTests {
    @Test func inverseOfRandomSPDMatrix() throws {
        var rng = Xoshiro256StarStar(seed: 3)
        for n in [1, 2, 5, 13, 40] {
            // A = RᵀR + n·I is SPD.
            let r = (0..<(n * n)).map { _ in Double(rng.nextUnitFloat()) - 0.5 }
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += r[k * n + i] * r[k * n + j] } } }
            for i in 0..<n { a[i * n + i] += Double(n) * 0.1 }
            let inv = try DenseCholesky.inverse(a, n: n)
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0
                    for k in 0..<n { s += a[i * n + k] * inv[k * n + j] }
                    #expect(abs(s - (i == j ? 1 : 0)) < 1e-9, "n \(n) (\(i),\(j))")
                }
            }
        }
    }

    @Test func handFactor() throws {
        // [[4, 2], [2, 5]] = L Lᵀ with L = [[2, 0], [1, 2]].
        var a: [Double] = [4, 2, 2, 5]
        try DenseCholesky.factor(&a, n: 2)
        #expect(a == [2, 0, 1, 2])
    }

    @Test func rejectsIndefinite() {
        var a: [Double] = [1, 2, 2, 1]
        #expect(throws: DenseLinearAlgebraError.self) { try DenseCholesky.factor(&a, n: 2) }
    }
}
