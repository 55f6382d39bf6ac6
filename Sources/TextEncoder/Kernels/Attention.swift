import Foundation

/// Scaled dot-product attention of one head over one sequence.
enum Attention {
    /// For rows `0 ..< length` of one sequence: `context[i] = Σ_j softmax_j(q_i·k_j / √d) · v_j`.
    ///
    /// `q`, `k`, `v` point at the head's first element in row 0, rows `stride` floats apart;
    /// `context` likewise with `contextStride`. `headSize` is a multiple of 16; `scores` holds
    /// `length` floats. The sequence carries no padding (rows of other sequences are never read),
    /// which is what a padding mask achieves.
    @inline(__always)
    static func head(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, stride: Int,
        context: UnsafeMutablePointer<Float>, contextStride: Int,
        length: Int, headSize: Int, scores: UnsafeMutablePointer<Float>
    ) {
        let scale = 1 / Float(headSize).squareRoot()
        let vectors = headSize / 16
        for i in 0..<length {
            let qi = UnsafeRawPointer(q + i * stride)
            var maximum = -Float.infinity
            for j in 0..<length {
                let kj = UnsafeRawPointer(k + j * stride)
                var acc = SIMD16<Float>()
                for c in 0..<vectors {
                    acc.addProduct(
                        qi.loadUnaligned(fromByteOffset: c * 64, as: SIMD16<Float>.self),
                        kj.loadUnaligned(fromByteOffset: c * 64, as: SIMD16<Float>.self))
                }
                let s = acc.sum() * scale
                scores[j] = s
                maximum = max(maximum, s)
            }
            var total: Float = 0
            for j in 0..<length {
                let e = exp(scores[j] - maximum)
                scores[j] = e
                total += e
            }
            let inverse = 1 / total
            let out = UnsafeMutableRawPointer(context + i * contextStride)
            for c in 0..<vectors {
                var acc = SIMD16<Float>()
                for j in 0..<length {
                    acc.addProduct(
                        SIMD16(repeating: scores[j]),
                        UnsafeRawPointer(v + j * stride).loadUnaligned(fromByteOffset: c * 64, as: SIMD16<Float>.self))
                }
                out.storeBytes(of: acc * inverse, toByteOffset: c * 64, as: SIMD16<Float>.self)
            }
        }
    }
}
