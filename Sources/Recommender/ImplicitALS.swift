import Embedding

/// Hyperparameters of ``ImplicitALS``.
public struct ImplicitALSSettings: Sendable, Codable, Equatable {
    /// Factor dimension d.
    public var dimension: Int = 64
    /// L2 penalty λ on every user and item vector.
    public var regularization: Double = 30
    /// Confidence α of a positive: its squared error weighs 1 + α, every other cell 1.
    public var confidence: Double = 3
    /// Alternating sweeps (users then items).
    public var iterations: Int = 10
    /// Standard deviation of the initial item vectors is `initialScale/√d`.
    public var initialScale: Double = 0.1

    public init() {}
}

/// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky 2008):
///
///     minimise  Σ_{u,j} c_uj (p_uj − ⟨x_u, y_j⟩)² + λ(Σ_u ‖x_u‖² + Σ_j ‖y_j‖²),   c_uj = 1 + α·p_uj
///
/// over the binary positives p. With the item vectors Y fixed, each user's vector solves
/// `(YᵀY + α·Σ_{j∈u} y_j y_jᵀ + λI) x_u = (1 + α)·Σ_{j∈u} y_j` — the shared Gram YᵀY makes every
/// unobserved cell count without visiting it, so a sweep costs O(|positives|·d² + rows·d³). Items
/// are solved the same way against the users. Each system is factored by ``DenseCholesky`` in
/// `Double`; the factors are returned in `Double`, row-major.
public enum ImplicitALS {
    /// Fits the factors; deterministic for a seed (the only random step is the item initialisation).
    /// - Returns: `users` (`userCount × d`) and `items` (`itemCount × d`), row-major. Users or items
    ///   without positives get zero vectors.
    public static func fit(
        _ x: InteractionMatrix, settings s: ImplicitALSSettings, seed: UInt64
    ) throws(DenseLinearAlgebraError) -> (users: [Double], items: [Double]) {
        precondition(s.dimension > 0 && s.regularization > 0 && s.confidence >= 0 && s.iterations >= 0)
        let d = s.dimension
        var rng = Xoshiro256StarStar(seed: seed, stream: 0xA15)
        // Uniform on [−a, a] with a = √3·σ has standard deviation σ.
        let a = 3.0.squareRoot() * s.initialScale / Double(d).squareRoot()
        var items = (0..<(x.itemCount * d)).map { _ in (Double(rng.next() >> 11) * 0x1p-53 * 2 - 1) * a }
        var users = [Double](repeating: 0, count: x.userCount * d)
        for _ in 0..<s.iterations {
            try solve(rows: x.userCount, offsets: x.userOffsets, neighbours: x.userItems, fixed: items,
                      settings: s, into: &users)
            try solve(rows: x.itemCount, offsets: x.itemOffsets, neighbours: x.itemUsers, fixed: users,
                      settings: s, into: &items)
        }
        return (users, items)
    }

    /// Solves every row's normal equations against the fixed side (row-major, `d` per row);
    /// `neighbours[offsets[r]..<offsets[r+1]]` are row r's positives on the fixed side.
    static func solve(
        rows: Int, offsets: [Int], neighbours: [Int32], fixed: [Double], settings s: ImplicitALSSettings,
        into out: inout [Double]
    ) throws(DenseLinearAlgebraError) {
        let d = s.dimension
        let gram = self.gram(fixed, dimension: d)
        var system = gram, rhs = [Double](repeating: 0, count: d)
        for r in 0..<rows {
            let start = offsets[r], end = offsets[r + 1]
            if start == end {
                for p in 0..<d { out[r * d + p] = 0 }
                continue
            }
            try solveRow(gram: gram, fixed: fixed, positives: neighbours[start..<end].lazy.map { (Int($0), 1.0) }, settings: s,
                         system: &system, into: &rhs)
            for p in 0..<d { out[r * d + p] = rhs[p] }
        }
    }

    /// The lower triangle of the Gram matrix YᵀY of `fixed` (row-major, `dimension` per row) as a
    /// row-major `d × d` buffer whose strict upper triangle is zero.
    static func gram(_ fixed: [Double], dimension d: Int) -> [Double] {
        var gram = [Double](repeating: 0, count: d * d)
        let fixedRows = fixed.count / d
        fixed.withUnsafeBufferPointer { fb in
            gram.withUnsafeMutableBufferPointer { gb in
                let g = gb.baseAddress!
                let y = fb.baseAddress!
                var r = 0
                while r + 4 <= fixedRows {
                    DenseCholesky.rank4Update(g, d, y + r * d, 1, y + (r + 1) * d, 1, y + (r + 2) * d, 1, y + (r + 3) * d, 1)
                    r += 4
                }
                while r < fixedRows {
                    DenseCholesky.rankOneUpdate(g, d, y + r * d, 1)
                    r += 1
                }
            }
        }
        return gram
    }

    /// Extra confidence, relative to λ, below which a positive's rank-one term is left out of a
    /// row solve (see ``solveRow(gram:fixed:positives:settings:system:into:)``).
    static let negligibleConfidence = 1e-9

    /// Solves one row's normal equations with the other side fixed: with positives P and their
    /// weights w_i (confidence c_i = 1 + α·w_i, preference 1),
    ///
    ///     (YᵀY + Σ_{i∈P} (c_i − 1)·y_i y_iᵀ + λI) x = Σ_{i∈P} c_i·y_i
    ///
    /// — the training solve (every w_i = 1) and the online fold-in (``ImplicitALSFoldIn``) share it.
    /// O(|P|·d² + d³). `gram` is ``gram(_:dimension:)`` of `fixed`; `system` is scratch (`d²`
    /// values); `x` receives the solution (its first `d` values). Positives are accumulated in the
    /// order given, so the result is deterministic for a deterministic order.
    ///
    /// A positive whose extra confidence α·w_i is below ``negligibleConfidence`` (an online
    /// history weight decayed by many later events) keeps its `c_i·y_i` on the right but skips its
    /// rank-one term on the left: its entries are under 10⁻⁹·λ·‖y_i‖∞², far below the resolution
    /// of the single-precision scores, and skipping it bounds a heavy user's refresh
    /// by their recent events instead of their whole history. Training weights (w = 1) never skip.
    static func solveRow<Positives: Sequence<(Int, Double)>>(
        gram: [Double], fixed: [Double], positives: Positives, settings s: ImplicitALSSettings,
        system: inout [Double], into x: inout [Double]
    ) throws(DenseLinearAlgebraError) {
        let d = s.dimension
        precondition(gram.count == d * d && system.count == d * d && x.count >= d)
        let alpha = s.confidence, lambda = s.regularization
        let negligible = negligibleConfidence * lambda
        system.withUnsafeMutableBufferPointer { ab in
            x.withUnsafeMutableBufferPointer { bb in
                let A = ab.baseAddress!, b = bb.baseAddress!
                gram.withUnsafeBufferPointer { gb in for k in 0..<(d * d) { A[k] = gb[k] } }
                for p in 0..<d { b[p] = 0 }
                fixed.withUnsafeBufferPointer { fb in
                    // Rank-one terms four at a time (one pass over A per four positives).
                    var pending: (UnsafePointer<Double>, Double, UnsafePointer<Double>, Double, UnsafePointer<Double>, Double)
                        = (fb.baseAddress!, 0, fb.baseAddress!, 0, fb.baseAddress!, 0)
                    var count = 0
                    for (row, weight) in positives {
                        let y = fb.baseAddress! + row * d
                        let extra = alpha * weight
                        if extra >= negligible {
                            switch count {
                            case 0: pending.0 = y; pending.1 = extra
                            case 1: pending.2 = y; pending.3 = extra
                            case 2: pending.4 = y; pending.5 = extra
                            default:
                                DenseCholesky.rank4Update(A, d, pending.0, pending.1, pending.2, pending.3, pending.4, pending.5, y, extra)
                            }
                            count = (count + 1) & 3
                        }
                        DenseCholesky.axpy(1 + extra, y, b, d)
                    }
                    if count > 0 { DenseCholesky.rankOneUpdate(A, d, pending.0, pending.1) }
                    if count > 1 { DenseCholesky.rankOneUpdate(A, d, pending.2, pending.3) }
                    if count > 2 { DenseCholesky.rankOneUpdate(A, d, pending.4, pending.5) }
                }
                for p in 0..<d { A[p * d + p] += lambda }
            }
        }
        try DenseCholesky.factor(&system, n: d)
        DenseCholesky.solveFactored(system, n: d, &x)
    }
}
