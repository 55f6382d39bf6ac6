/// The linear-layer kernel: `Y = X · Wᵀ + b` in float32 with a register-tiled SIMD inner loop.
///
/// `X` is row-major `[rows, inputs]`, `W` a `PackedMatrix`, `Y` row-major `[rows, outputs]`.
/// Each call of the micro-kernel keeps a `rowTile × 16` block of `Y` in registers
/// (`rowTile` `SIMD16<Float>` accumulators) and streams one panel of `W` and `rowTile` rows of `X`.
/// The last rows, when fewer than `rowTile`, go through 4-, 2- and 1-row variants of the tile.
enum MatrixMultiply {
    /// Rows of `Y` computed together by the micro-kernel.
    static let rowTile = 6

    /// Bytes of X rows kept in cache while the panels of W pass over them (L2 is 1 MiB per core
    /// on the machines measured; a smaller block made a single query stream the 1536-input
    /// weights from memory twice).
    static let xBlockBytes = 384 * 1024

    /// Computes `Y[r, n] = bias[n] + Σ_k X[r, k] · W[n, k]` for rows `0 ..< rows` and
    /// the panels `panels` of `W`, then applies GELU to `Y` when `gelu` is set (while the tile is
    /// still in registers).
    /// - Parameters:
    ///   - x: `rows × weight.inputs` floats.
    ///   - y: `rows × weight.outputs` floats.
    static func multiply(
        x: UnsafePointer<Float>, rows: Int, weight: PackedMatrix, y: UnsafeMutablePointer<Float>,
        panels: Range<Int>, gelu: Bool = false
    ) {
        let k = weight.inputs
        let n = weight.outputs
        let tiles = (rows + rowTile - 1) / rowTile
        let width = PackedMatrix.panelWidth
        // Row tiles are grouped in blocks so the block's rows of X stay in L2 while every panel
        // of W passes over them.
        let tilesPerBlock = max(1, (xBlockBytes) / (rowTile * k * MemoryLayout<Float>.size))
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
                            let yTile = y + row * n + panel * width
                            switch rows - row {
                            case rowTile...:
                                kernel6x16(x: x + row * k, k: k, w: wp, bias: bias, y: yTile, ldy: n, gelu: gelu)
                            case let r:
                                // The last, partial tile: 4, 2 and 1 rows as needed.
                                var done = 0
                                if r - done >= 4 {
                                    kernel4x16(x: x + (row + done) * k, k: k, w: wp, bias: bias,
                                               y: yTile + done * n, ldy: n, gelu: gelu)
                                    done += 4
                                }
                                if r - done >= 2 {
                                    kernel2x16(x: x + (row + done) * k, k: k, w: wp, bias: bias,
                                               y: yTile + done * n, ldy: n, gelu: gelu)
                                    done += 2
                                }
                                if r - done == 1 {
                                    kernel1x16(x: x + (row + done) * k, k: k, w: wp, bias: bias,
                                               y: yTile + done * n, gelu: gelu)
                                }
                            }
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

    /// The `4 × 16` tile (remainder rows).
    @inline(__always)
    private static func kernel4x16(
        x: UnsafePointer<Float>, k: Int, w: UnsafePointer<Float>, bias: SIMD16<Float>,
        y: UnsafeMutablePointer<Float>, ldy: Int, gelu: Bool
    ) {
        var a0 = bias, a1 = bias, a2 = bias, a3 = bias
        let x0 = x, x1 = x + k, x2 = x + 2 * k, x3 = x + 3 * k
        let wr = UnsafeRawPointer(w)
        for i in 0..<k {
            let b = wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self)
            a0.addProduct(SIMD16(repeating: x0[i]), b)
            a1.addProduct(SIMD16(repeating: x1[i]), b)
            a2.addProduct(SIMD16(repeating: x2[i]), b)
            a3.addProduct(SIMD16(repeating: x3[i]), b)
        }
        if gelu {
            a0 = Activation.gelu(a0); a1 = Activation.gelu(a1); a2 = Activation.gelu(a2); a3 = Activation.gelu(a3)
        }
        let yr = UnsafeMutableRawPointer(y)
        let stride = ldy * 4
        yr.storeBytes(of: a0, as: SIMD16<Float>.self)
        (yr + stride).storeBytes(of: a1, as: SIMD16<Float>.self)
        (yr + 2 * stride).storeBytes(of: a2, as: SIMD16<Float>.self)
        (yr + 3 * stride).storeBytes(of: a3, as: SIMD16<Float>.self)
    }

    /// The `2 × 16` tile (remainder rows).
    @inline(__always)
    private static func kernel2x16(
        x: UnsafePointer<Float>, k: Int, w: UnsafePointer<Float>, bias: SIMD16<Float>,
        y: UnsafeMutablePointer<Float>, ldy: Int, gelu: Bool
    ) {
        // Two independent accumulator pairs per row (even and odd k) keep the FMA units busy.
        var a0 = bias, a1 = bias, c0 = SIMD16<Float>(), c1 = SIMD16<Float>()
        let x0 = x, x1 = x + k
        let wr = UnsafeRawPointer(w)
        var i = 0
        while i + 1 < k {
            let b = wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self)
            let d = wr.loadUnaligned(fromByteOffset: (i + 1) * 64, as: SIMD16<Float>.self)
            a0.addProduct(SIMD16(repeating: x0[i]), b)
            a1.addProduct(SIMD16(repeating: x1[i]), b)
            c0.addProduct(SIMD16(repeating: x0[i + 1]), d)
            c1.addProduct(SIMD16(repeating: x1[i + 1]), d)
            i += 2
        }
        if i < k {
            let b = wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self)
            a0.addProduct(SIMD16(repeating: x0[i]), b)
            a1.addProduct(SIMD16(repeating: x1[i]), b)
        }
        a0 += c0
        a1 += c1
        if gelu {
            a0 = Activation.gelu(a0); a1 = Activation.gelu(a1)
        }
        let yr = UnsafeMutableRawPointer(y)
        yr.storeBytes(of: a0, as: SIMD16<Float>.self)
        (yr + ldy * 4).storeBytes(of: a1, as: SIMD16<Float>.self)
    }

    /// The `1 × 16` tile (remainder row; the whole product for a single token).
    @inline(__always)
    private static func kernel1x16(
        x: UnsafePointer<Float>, k: Int, w: UnsafePointer<Float>, bias: SIMD16<Float>,
        y: UnsafeMutablePointer<Float>, gelu: Bool
    ) {
        var a0 = bias, a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
        let wr = UnsafeRawPointer(w)
        var i = 0
        while i + 3 < k {
            a0.addProduct(SIMD16(repeating: x[i]), wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self))
            a1.addProduct(SIMD16(repeating: x[i + 1]), wr.loadUnaligned(fromByteOffset: (i + 1) * 64, as: SIMD16<Float>.self))
            a2.addProduct(SIMD16(repeating: x[i + 2]), wr.loadUnaligned(fromByteOffset: (i + 2) * 64, as: SIMD16<Float>.self))
            a3.addProduct(SIMD16(repeating: x[i + 3]), wr.loadUnaligned(fromByteOffset: (i + 3) * 64, as: SIMD16<Float>.self))
            i += 4
        }
        while i < k {
            a0.addProduct(SIMD16(repeating: x[i]), wr.loadUnaligned(fromByteOffset: i * 64, as: SIMD16<Float>.self))
            i += 1
        }
        var sum = (a0 + a1) + (a2 + a3)
        if gelu { sum = Activation.gelu(sum) }
        UnsafeMutableRawPointer(y).storeBytes(of: sum, as: SIMD16<Float>.self)
    }
}
