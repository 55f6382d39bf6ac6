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

    /// The rank-4 kernel equals four rank-one updates of the lower triangle (odd sizes exercise the
    /// scalar tail) and leaves the strict upper triangle alone.
    @Test(arguments: [1, 3, 4, 7, 64])
    func rankFourUpdateIsFourRankOneUpdates(d: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(d))
        let rows = (0..<4).map { _ in (0..<d).map { _ in Double(rng.next() % 2001) / 1000 - 1 } }
        let weights = [0.5, 2, 3.25, 0.125]
        var a = (0..<(d * d)).map { Double($0 % 7) }
        var expected = a
        for (y, w) in zip(rows, weights) {
            for p in 0..<d { for q in 0...p { expected[p * d + q] += w * y[p] * y[q] } }
        }
        a.withUnsafeMutableBufferPointer { ab in
            rows[0].withUnsafeBufferPointer { y0 in rows[1].withUnsafeBufferPointer { y1 in
                rows[2].withUnsafeBufferPointer { y2 in rows[3].withUnsafeBufferPointer { y3 in
                    DenseCholesky.rank4Update(ab.baseAddress!, d, y0.baseAddress!, weights[0], y1.baseAddress!, weights[1],
                                              y2.baseAddress!, weights[2], y3.baseAddress!, weights[3])
                } }
            } }
        }
        for p in 0..<d {
            for q in 0..<d {
                if q <= p { #expect(abs(a[p * d + q] - expected[p * d + q]) <= 1e-12, "(\(p), \(q))") } else { #expect(a[p * d + q] == Double((p * d + q) % 7)) }
            }
        }
    }
}
