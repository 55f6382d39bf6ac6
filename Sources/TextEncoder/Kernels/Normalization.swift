/// Layer normalisation over rows of a row-major matrix.
enum Normalization {
    /// `row ← LayerNorm(row + residual) · scale + bias` for each of `rows` rows of width `width`
    /// (a multiple of 16), with the biased variance and `epsilon` inside the square root (PyTorch).
    /// `residual` may be nil.
    @inline(__always)
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Range<Int>, width: Int,
        scale: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        let vectors = width / 16
        for r in rows {
            let row = UnsafeMutableRawPointer(x + r * width)
            if let residual {
                let res = UnsafeRawPointer(residual + r * width)
                for v in 0..<vectors {
                    let sum = row.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self)
                        + res.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self)
                    row.storeBytes(of: sum, toByteOffset: v * 64, as: SIMD16<Float>.self)
                }
            }
            var acc = SIMD16<Float>()
            for v in 0..<vectors { acc += row.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self) }
            let mean = acc.sum() / Float(width)
            var sq = SIMD16<Float>()
            for v in 0..<vectors {
                let d = row.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self) - mean
                sq.addProduct(d, d)
            }
            let variance = sq.sum() / Float(width)
            let inverse = 1 / (variance + epsilon).squareRoot()
            let s = UnsafeRawPointer(scale), b = UnsafeRawPointer(bias)
            for v in 0..<vectors {
                let d = row.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self) - mean
                let y = (d * inverse) * s.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self)
                    + b.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self)
                row.storeBytes(of: y, toByteOffset: v * 64, as: SIMD16<Float>.self)
            }
        }
    }
}
