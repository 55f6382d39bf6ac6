/// SIMD kernels over padded rows (`stride` is a multiple of 8, padding lanes are zero).
///
/// All loops step over whole `SIMD8<Float>` lanes and reduce with a fixed order, so results
/// are bit-for-bit reproducible for the same inputs.
public enum VectorKernels {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// |d| by clearing the sign bits (the generic `pointwiseMax` is not vectorised).
    @inline(__always)
    static func absolute(_ d: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(d, to: SIMD8<UInt32>.self) & SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        return unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// √v for v ≥ 0, branch-free and vectorised: v·rsqrt(v) with the rsqrt from the classic bit
    /// estimate refined by three Newton steps (relative error ≈ 1e−7). The scalar `squareRoot()`
    /// of `SIMD8` compiles to eight calls with errno checks. For v = 0 it returns 1e−30·1e15 ≈ 0.
    @inline(__always)
    public static func squareRoot(_ v: SIMD8<Float>) -> SIMD8<Float> {
        let x = v + 1e-30
        let estimate = SIMD8<UInt32>(repeating: 0x5F37_5A86) &- (unsafeBitCast(x, to: SIMD8<UInt32>.self) &>> 1)
        var y = unsafeBitCast(estimate, to: SIMD8<Float>.self)
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return x * y
    }

    @inline(__always)
    static func sign(_ d: SIMD8<Float>) -> SIMD8<Float> {
        SIMD8<Float>(repeating: 0)
            .replacing(with: 1, where: d .> 0)
            .replacing(with: -1, where: d .< 0)
    }

    /// Writes `out = h + r - t` and returns its norm under `distance`.
    @inline(__always)
    public static func residual(
        _ h: UnsafePointer<Float>, _ r: UnsafePointer<Float>, _ t: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>, stride: Int, distance: Distance
    ) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        switch distance {
        case .l1:
            while i < stride {
                let d = load(h, i) + load(r, i) - load(t, i)
                store(d, out, i)
                acc += absolute(d)
                i &+= 8
            }
            return acc.sum()
        case .l2:
            while i < stride {
                let d = load(h, i) + load(r, i) - load(t, i)
                store(d, out, i)
                acc += d * d
                i &+= 8
            }
            return acc.sum().squareRoot()
        }
    }

    /// `‖q − e‖` under `distance` (no output written).
    @inline(__always)
    public static func distance(
        _ q: UnsafePointer<Float>, _ e: UnsafePointer<Float>, stride: Int, distance: Distance
    ) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        switch distance {
        case .l1:
            while i < stride { let d = load(q, i) - load(e, i); acc += absolute(d); i &+= 8 }
            return acc.sum()
        case .l2:
            while i < stride { let d = load(q, i) - load(e, i); acc += d * d; i &+= 8 }
            return acc.sum().squareRoot()
        }
    }

    /// Negative distances of four queries (consecutive rows `stride` apart at `queries`) to every
    /// row of `table`: `out[j · rowStride + e] = −‖q_j − table[e]‖`. Each table row is read once
    /// for the four queries, which keeps evaluation on large graphs compute- rather than
    /// memory-bound.
    @inline(__always)
    public static func distances4(
        _ queries: UnsafePointer<Float>, stride: Int, table: UnsafePointer<Float>, rows: Int,
        distance: Distance, into out: UnsafeMutablePointer<Float>, rowStride: Int
    ) {
        let q0 = queries, q1 = queries + stride, q2 = queries + 2 * stride, q3 = queries + 3 * stride
        for e in 0..<rows {
            let r = table + e &* stride
            var a0 = SIMD8<Float>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
            var i = 0
            switch distance {
            case .l1:
                while i < stride {
                    let x = load(r, i)
                    a0 += absolute(load(q0, i) - x)
                    a1 += absolute(load(q1, i) - x)
                    a2 += absolute(load(q2, i) - x)
                    a3 += absolute(load(q3, i) - x)
                    i &+= 8
                }
                out[e] = -a0.sum()
                out[rowStride + e] = -a1.sum()
                out[2 * rowStride + e] = -a2.sum()
                out[3 * rowStride + e] = -a3.sum()
            case .l2:
                while i < stride {
                    let x = load(r, i)
                    let d0 = load(q0, i) - x, d1 = load(q1, i) - x, d2 = load(q2, i) - x, d3 = load(q3, i) - x
                    a0 += d0 * d0
                    a1 += d1 * d1
                    a2 += d2 * d2
                    a3 += d3 * d3
                    i &+= 8
                }
                out[e] = -a0.sum().squareRoot()
                out[rowStride + e] = -a1.sum().squareRoot()
                out[2 * rowStride + e] = -a2.sum().squareRoot()
                out[3 * rowStride + e] = -a3.sum().squareRoot()
            }
        }
    }

    /// Adds `coefficient · ∂‖d‖/∂d` to `gradient` — `sign(d)` for L1, `d/‖d‖` for L2.
    @inline(__always)
    public static func addNormGradient(
        residual d: UnsafePointer<Float>, norm: Float, coefficient: Float,
        into gradient: UnsafeMutablePointer<Float>, stride: Int, distance: Distance
    ) {
        var i = 0
        switch distance {
        case .l1:
            let c = SIMD8<Float>(repeating: coefficient)
            while i < stride { store(load(gradient, i) + c * sign(load(d, i)), gradient, i); i &+= 8 }
        case .l2:
            guard norm > 0 else { return }
            let c = SIMD8<Float>(repeating: coefficient / norm)
            while i < stride { store(load(gradient, i) + c * load(d, i), gradient, i); i &+= 8 }
        }
    }

    /// `out = a + b` (e.g. head + relation as a tail query).
    @inline(__always)
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, stride: Int) {
        var i = 0
        while i < stride { store(load(a, i) + load(b, i), out, i); i &+= 8 }
    }

    /// `out = a - b` (e.g. tail − relation as a head query).
    @inline(__always)
    public static func subtract(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, stride: Int) {
        var i = 0
        while i < stride { store(load(a, i) - load(b, i), out, i); i &+= 8 }
    }

    /// Reads one float from every cache line of a row (a software prefetch: Swift exposes no
    /// prefetch instruction, so the loads are real and their sum must be consumed).
    @inline(__always)
    public static func touch(_ p: UnsafePointer<Float>, stride: Int) -> Float {
        var s: Float = p[stride &- 1]
        var i = 0
        while i < stride { s += p[i]; i &+= 16 }
        return s
    }

    /// Sets `p` to zero.
    @inline(__always)
    public static func zero(_ p: UnsafeMutablePointer<Float>, stride: Int) {
        var i = 0
        let z = SIMD8<Float>(repeating: 0)
        while i < stride { store(z, p, i); i &+= 8 }
    }

    /// Squared L2 norm.
    @inline(__always)
    public static func squaredNorm(_ p: UnsafePointer<Float>, stride: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i < stride { let v = load(p, i); acc += v * v; i &+= 8 }
        return acc.sum()
    }

    /// Scales `p` to unit L2 norm; a zero vector is left unchanged.
    @inline(__always)
    public static func normalize(_ p: UnsafeMutablePointer<Float>, stride: Int) {
        let n2 = squaredNorm(p, stride: stride)
        guard n2 > 0 else { return }
        let s = SIMD8<Float>(repeating: 1 / n2.squareRoot())
        var i = 0
        while i < stride { store(load(p, i) * s, p, i); i &+= 8 }
    }
}
