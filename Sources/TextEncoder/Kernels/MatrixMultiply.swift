/// The linear-layer kernel: `Y = X · Wᵀ + b` in float32 with a register-tiled SIMD inner loop.
///
/// `X` is row-major `[rows, inputs]`, `W` a `PackedMatrix`, `Y` row-major `[rows, outputs]`.
/// Each call of the micro-kernel keeps a `rowTile × 16` block of `Y` in registers
/// (`rowTile` `SIMD16<Float>` accumulators) and streams one panel of `W` and `rowTile` rows of `X`.
/// Callers allocate activation buffers with the row count rounded up to `rowTile` (see
/// `paddedRows(_:)`), so the kernel never needs a remainder path; the extra rows are scratch.
enum MatrixMultiply {
    /// Rows of `Y` computed together by the micro-kernel.
    static let rowTile = 6

    /// `rows` rounded up to a multiple of `rowTile`.
    @inline(__always)
    static func paddedRows(_ rows: Int) -> Int {
        (rows + rowTile - 1) / rowTile * rowTile
    }

    /// Computes `Y[r, n] = bias[n] + Σ_k X[r, k] · W[n, k]` for rows `0 ..< paddedRows(rows)` and
    /// the panels `panels` of `W`, then applies GELU to `Y` when `gelu` is set (while the tile is
    /// still in registers).
    /// - Parameters:
    ///   - x: `paddedRows(rows) × weight.inputs` floats.
    ///   - y: `paddedRows(rows) × weight.outputs` floats.
    static func multiply(
        x: UnsafePointer<Float>, rows: Int, weight: PackedMatrix, y: UnsafeMutablePointer<Float>,
        panels: Range<Int>, gelu: Bool = false
    ) {
        let k = weight.inputs
        let n = weight.outputs
        let tiles = paddedRows(rows) / rowTile
        let width = PackedMatrix.panelWidth
        // Row tiles are grouped in blocks so the block's rows of X stay in L2 while every panel
        // of W passes over them.
        let tilesPerBlock = max(1, (96 * 1024) / (rowTile * k * MemoryLayout<Float>.size))
        weight.values.withUnsafeBufferPointer { wv in
            weight.bias.withUnsafeBufferPointer { bv in
                let wBase = wv.baseAddress!
                let bBase = bv.baseAddress!
                var tileStart = 0
                while tileStart < tiles {
                    let tileEnd = min(tiles, tileStart + tilesPerBlock)
                    for panel in panels {
                        let wp = wBase + panel * k * width
                        let bias = UnsafeRawPointer(bBase + panel * width).loadUnaligned(as: SIMD16<Float>.self)
                        for tile in tileStart..<tileEnd {
                            let row = tile * rowTile
                            kernel6x16(
                                x: x + row * k, k: k, w: wp, bias: bias,
                                y: y + row * n + panel * width, ldy: n, gelu: gelu)
                        }
                    }
                    tileStart = tileEnd
                }
            }
        }
    }

    /// The `6 × 16` register tile.
    @inline(__always)
    private static func kernel6x16(
        x: UnsafePointer<Float>, k: Int, w: UnsafePointer<Float>, bias: SIMD16<Float>,
        y: UnsafeMutablePointer<Float>, ldy: Int, gelu: Bool
    ) {
        var a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias
        let x0 = x, x1 = x + k, x2 = x + 2 * k, x3 = x + 3 * k, x4 = x + 4 * k, x5 = x + 5 * k
        let wr = UnsafeRawPointer(w)
        var i = 0
        while i < k {
            let b = wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self)
            a0.addProduct(SIMD16(repeating: x0[i]), b)
            a1.addProduct(SIMD16(repeating: x1[i]), b)
            a2.addProduct(SIMD16(repeating: x2[i]), b)
            a3.addProduct(SIMD16(repeating: x3[i]), b)
            a4.addProduct(SIMD16(repeating: x4[i]), b)
            a5.addProduct(SIMD16(repeating: x5[i]), b)
            i += 1
        }
        if gelu {
            a0 = Activation.gelu(a0); a1 = Activation.gelu(a1); a2 = Activation.gelu(a2)
            a3 = Activation.gelu(a3); a4 = Activation.gelu(a4); a5 = Activation.gelu(a5)
        }
        let yr = UnsafeMutableRawPointer(y)
        let stride = ldy * 4
        yr.storeBytes(of: a0, as: SIMD16<Float>.self)
        (yr + stride).storeBytes(of: a1, as: SIMD16<Float>.self)
        (yr + 2 * stride).storeBytes(of: a2, as: SIMD16<Float>.self)
        (yr + 3 * stride).storeBytes(of: a3, as: SIMD16<Float>.self)
        (yr + 4 * stride).storeBytes(of: a4, as: SIMD16<Float>.self)
        (yr + 5 * stride).storeBytes(of: a5, as: SIMD16<Float>.self)
    }
}
