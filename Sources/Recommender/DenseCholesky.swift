/// Why a dense factorisation failed.
public enum DenseLinearAlgebraError: Error, Equatable, Sendable {
    /// The matrix is not (numerically) positive definite: pivot `index` was `pivot` ≤ 0.
    case notPositiveDefinite(index: Int, pivot: Double)
}

/// Cholesky factorisation and inverse of a dense symmetric positive-definite `Double` matrix in
/// one row-major flat buffer. Every inner loop is a dot product or an axpy over contiguous row
/// segments (SIMD4<Double>), so no LAPACK is needed for the ~1,700² systems of the item models.
public enum DenseCholesky {
    /// Factors `a = L·Lᵀ` in place: on return the lower triangle (with diagonal) holds L and the
    /// strict upper triangle is zero. Reads only the lower triangle of `a`.
    public static func factor(_ a: inout [Double], n: Int) throws(DenseLinearAlgebraError) {
        precondition(a.count == n * n)
        var failure: DenseLinearAlgebraError? = nil
        a.withUnsafeMutableBufferPointer { buf in
            let p = buf.baseAddress!
            var i = 0
            outer: while i < n {
                // Small systems (the ALS row solves, n = d): four rows at a time share the loads of row j
                // in their column-j dot products; each dot is computed exactly as `dot` would, so the
                // factor does not depend on the grouping. Large ones (the autoencoder's n = items) keep
                // one row at a time: five long rows no longer stay in L1 and the grouping is slower.
                let rows = n <= Self.groupedRowsLimit && n - i >= 4 ? 4 : 1
                if rows == 4 {
                    let r0 = p + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
                    for j in 0..<i {
                        let rj = p + j * n
                        let (d0, d1, d2, d3) = dot4(r0, r1, r2, r3, rj, j)
                        let pivot = rj[j]
                        r0[j] = (r0[j] - d0) / pivot
                        r1[j] = (r1[j] - d1) / pivot
                        r2[j] = (r2[j] - d2) / pivot
                        r3[j] = (r3[j] - d3) / pivot
                    }
                }
                for row in i..<(i + rows) {
                    let ri = p + row * n
                    for j in (rows == 4 ? i : 0)...row {
                        let rj = p + j * n
                        let s = ri[j] - dot(ri, rj, j)
                        if row == j {
                            guard s > 0 else { failure = .notPositiveDefinite(index: row, pivot: s); break outer }
                            ri[row] = s.squareRoot()
                        } else {
                            ri[j] = s / rj[j]
                        }
                    }
                    for j in (row + 1)..<n { ri[j] = 0 }
                }
                i += rows
            }
        }
        if let failure { throw failure }
    }

    /// The inverse of a symmetric positive-definite matrix (full, symmetric result).
    public static func inverse(_ a: [Double], n: Int) throws(DenseLinearAlgebraError) -> [Double] {
        var l = a
        try factor(&l, n: n)
        // Y = L⁻¹ row by row: Y[i,:] = (eᵢ − Σ_{k<i} L[i,k]·Y[k,:]) / L[i,i]; row k of Y is zero past k.
        var y = [Double](repeating: 0, count: n * n)
        l.withUnsafeBufferPointer { lb in
            y.withUnsafeMutableBufferPointer { yb in
                let L = lb.baseAddress!, Y = yb.baseAddress!
                for i in 0..<n {
                    let yi = Y + i * n
                    let li = L + i * n
                    for k in 0..<i where li[k] != 0 { axpy(-li[k], Y + k * n, yi, k + 1) }
                    yi[i] += 1
                    let d = 1 / li[i]
                    for j in 0...i { yi[j] *= d }
                }
            }
        }
        // A⁻¹ = Yᵀ·Y = Σ_k Y[k,:]ᵀ Y[k,:]; accumulate the lower triangle then mirror.
        var inv = [Double](repeating: 0, count: n * n)
        y.withUnsafeBufferPointer { yb in
            inv.withUnsafeMutableBufferPointer { ib in
                let Y = yb.baseAddress!, P = ib.baseAddress!
                for k in 0..<n {
                    let yk = Y + k * n
                    for i in 0...k where yk[i] != 0 { axpy(yk[i], yk, P + i * n, i + 1) }
                }
                for i in 0..<n { for j in 0..<i { P[j * n + i] = P[i * n + j] } }
            }
        }
        return inv
    }

    /// Solves `L·Lᵀ x = b` in place (`b` becomes x) for a factor from ``factor(_:n:)``.
    public static func solveFactored(_ l: [Double], n: Int, _ b: inout [Double]) {
        precondition(l.count == n * n && b.count >= n)
        l.withUnsafeBufferPointer { lb in
            b.withUnsafeMutableBufferPointer { bb in
                let L = lb.baseAddress!, x = bb.baseAddress!
                for i in 0..<n { x[i] = (x[i] - dot(L + i * n, x, i)) / L[i * n + i] }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = x[i]
                    for k in (i + 1)..<n { s -= L[k * n + i] * x[k] }
                    x[i] = s / L[i * n + i]
                }
            }
        }
    }

    /// Σ_{t<count} a[t]·b[t].
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var acc0 = SIMD4<Double>(repeating: 0), acc1 = SIMD4<Double>(repeating: 0)
        var t = 0
        while t + 8 <= count {
            acc0 += load(a, t) * load(b, t)
            acc1 += load(a, t + 4) * load(b, t + 4)
            t &+= 8
        }
        var s = (acc0 + acc1).sum()
        while t < count { s += a[t] * b[t]; t &+= 1 }
        return s
    }

    /// Largest order factored four rows at a time (measured: faster at 64, slower at 1,682).
    static let groupedRowsLimit = 256

    /// ``dot(_:_:_:)`` of four vectors with one, each sum accumulated exactly as `dot` does.
    @inline(__always)
    static func dot4(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>, _ a3: UnsafePointer<Double>,
                     _ b: UnsafePointer<Double>, _ count: Int) -> (Double, Double, Double, Double) {
        let zero = SIMD4<Double>(repeating: 0)
        var x0 = zero, y0 = zero, x1 = zero, y1 = zero, x2 = zero, y2 = zero, x3 = zero, y3 = zero
        var t = 0
        while t + 8 <= count {
            let lo = load(b, t), hi = load(b, t + 4)
            x0 += load(a0, t) * lo
            y0 += load(a0, t + 4) * hi
            x1 += load(a1, t) * lo
            y1 += load(a1, t + 4) * hi
            x2 += load(a2, t) * lo
            y2 += load(a2, t + 4) * hi
            x3 += load(a3, t) * lo
            y3 += load(a3, t + 4) * hi
            t &+= 8
        }
        var s0 = (x0 + y0).sum(), s1 = (x1 + y1).sum(), s2 = (x2 + y2).sum(), s3 = (x3 + y3).sum()
        while t < count {
            s0 += a0[t] * b[t]
            s1 += a1[t] * b[t]
            s2 += a2[t] * b[t]
            s3 += a3[t] * b[t]
            t &+= 1
        }
        return (s0, s1, s2, s3)
    }

    /// y[t] += alpha·x[t] for t < count.
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        let a = SIMD4<Double>(repeating: alpha)
        var t = 0
        while t + 4 <= count {
            UnsafeMutableRawPointer(y + t).storeBytes(of: load(y, t) + a * load(x, t), as: SIMD4<Double>.self)
            t &+= 4
        }
        while t < count { y[t] += alpha * x[t]; t &+= 1 }
    }

    /// Adds `w·y yᵀ` to the lower triangle (with diagonal) of the row-major `d × d` matrix `a`.
    @inline(__always)
    static func rankOneUpdate(_ a: UnsafeMutablePointer<Double>, _ d: Int, _ y: UnsafePointer<Double>, _ w: Double) {
        for p in 0..<d where y[p] != 0 { axpy(w * y[p], y, a + p * d, p + 1) }
    }

    /// Adds `Σ_k w_k·y_k y_kᵀ` over four rows to the lower triangle (with diagonal) of the row-major
    /// `d × d` matrix `a`: a rank-4 update that reads and writes each row of `a` once for four rank-one
    /// terms (the rank-one form streams `a` once per term). Entries above the diagonal are not touched.
    @inline(__always)
    static func rank4Update(_ a: UnsafeMutablePointer<Double>, _ d: Int,
                            _ y0: UnsafePointer<Double>, _ w0: Double, _ y1: UnsafePointer<Double>, _ w1: Double,
                            _ y2: UnsafePointer<Double>, _ w2: Double, _ y3: UnsafePointer<Double>, _ w3: Double) {
        for p in 0..<d {
            let s0 = w0 * y0[p], s1 = w1 * y1[p], s2 = w2 * y2[p], s3 = w3 * y3[p]
            let v0 = SIMD4<Double>(repeating: s0), v1 = SIMD4<Double>(repeating: s1)
            let v2 = SIMD4<Double>(repeating: s2), v3 = SIMD4<Double>(repeating: s3)
            let row = a + p &* d
            let n = p &+ 1
            var t = 0
            while t &+ 4 <= n {
                let sum = (v0 * load(y0, t) + v1 * load(y1, t)) + (v2 * load(y2, t) + v3 * load(y3, t))
                UnsafeMutableRawPointer(row + t).storeBytes(of: load(row, t) + sum, as: SIMD4<Double>.self)
                t &+= 4
            }
            while t < n {
                row[t] += (s0 * y0[t] + s1 * y1[t]) + (s2 * y2[t] + s3 * y3[t])
                t &+= 1
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
    }
}
