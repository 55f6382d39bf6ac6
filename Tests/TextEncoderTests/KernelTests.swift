import Foundation
import Testing
@testable import TextEncoder

/// The SIMD kernels against straightforward double-precision loops.
@Suite("Encoder kernels")
struct KernelTests {
    @Test("Matrix multiply matches a naive product for every row remainder", arguments: [1, 2, 3, 5, 6, 7, 13, 40])
    func matrixMultiply(rows: Int) {
        let k = 40, n = 48
        var seed: UInt64 = 42
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(seed >> 40) % 2001 - 1000) / 1000
        }
        let w = (0..<(n * k)).map { _ in next() }
        let bias = (0..<n).map { _ in next() }
        let x = (0..<(rows * k)).map { _ in next() }
        let packed = w.withUnsafeBufferPointer { PackedMatrix(rowMajorWeight: $0, bias: bias, outputs: n, inputs: k) }
        for gelu in [false, true] {
            var y = [Float](repeating: .nan, count: rows * n)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    MatrixMultiply.multiply(x: xp.baseAddress!, rows: rows, weight: packed, y: yp.baseAddress!,
                                            panels: 0..<(n / PackedMatrix.panelWidth), gelu: gelu)
                }
            }
            var worst = 0.0
            for r in 0..<rows {
                for c in 0..<n {
                    var s = Double(bias[c])
                    for i in 0..<k { s += Double(x[r * k + i]) * Double(w[c * k + i]) }
                    if gelu { s = s * 0.5 * (1 + Foundation.erf(s / 2.0.squareRoot())) }
                    worst = max(worst, abs(s - Double(y[r * n + c])))
                }
            }
            #expect(worst < 1e-5, "rows \(rows), gelu \(gelu): max error \(worst)")
        }
    }

    @Test func vectorisedErf() {
        var worst = 0.0
        var x: Float = -7
        while x < 7 {
            var v = SIMD16<Float>()
            for i in 0..<16 { v[i] = x; x += 0.000731 }
            let r = Activation.erf(v)
            for i in 0..<16 { worst = max(worst, abs(Double(r[i]) - Foundation.erf(Double(v[i])))) }
        }
        #expect(worst < 2e-7)
    }

    @Test func layerNorm() {
        let width = 32
        var x: [Float] = (0..<(2 * width)).map { Float($0 % 7) - 2.5 }
        let residual: [Float] = (0..<(2 * width)).map { Float($0 % 3) }
        let scale: [Float] = (0..<width).map { 1 + Float($0) / 100 }
        let bias: [Float] = (0..<width).map { Float($0) / 50 }
        let input = zip(x, residual).map { Double($0) + Double($1) }
        x.withUnsafeMutableBufferPointer { xp in
            residual.withUnsafeBufferPointer { rp in
                Normalization.layerNorm(xp.baseAddress!, residual: rp.baseAddress!, rows: 0..<2, width: width,
                                        scale: scale, bias: bias, epsilon: 1e-12)
            }
        }
        for r in 0..<2 {
            let row = input[(r * width)..<((r + 1) * width)]
            let mean = row.reduce(0, +) / Double(width)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
            for c in 0..<width {
                let want = (row[r * width + c] - mean) / (variance + 1e-12).squareRoot() * Double(scale[c]) + Double(bias[c])
                #expect(abs(want - Double(x[r * width + c])) < 1e-5)
            }
        }
    }
}
