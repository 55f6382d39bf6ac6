/// The closed-form, zero-diagonal linear item autoencoder (EASE, Steck 2019) over a Gram matrix
/// that may include side-information blocks (see ``GramMatrix``):
///
///     minimise  Σ_b w_b ‖Z_b − Z_b B‖²_F + λ‖B‖²_F   subject to  diag(B) = 0
///
/// whose solution is `B = I − P·diag(1/diag(P))` with `P = (G + Λ)⁻¹`, i.e. `B[i,j] = −P[i,j]/P[j,j]`.
///
/// With `dropout` p > 0 the penalty is EDLAE's (Steck 2020, "Autoencoders that don't overfit
/// towards the identity"): Λ = diag(λ + p/(1−p)·G_ii) — training on inputs with items dropped at
/// rate p, in expectation — which penalises popular items' weights more than a plain λI does.
public enum ItemAutoencoder {
    /// The weight matrix B (row-major, item × item, zero diagonal) in `Double`.
    public static func fit(gram: GramMatrix, l2: Double, dropout: Double = 0) throws(DenseLinearAlgebraError) -> [Double] {
        precondition(dropout >= 0 && dropout < 1)
        let n = gram.itemCount
        var a = gram.values
        let emphasis = dropout / (1 - dropout)
        for i in 0..<n { a[i * n + i] += l2 + emphasis * gram.values[i * n + i] }
        var p = try DenseCholesky.inverse(a, n: n)
        var inverseDiagonal = [Double](repeating: 0, count: n)
        for j in 0..<n { inverseDiagonal[j] = 1 / p[j * n + j] }
        for i in 0..<n {
            for j in 0..<n { p[i * n + j] = i == j ? 0 : -p[i * n + j] * inverseDiagonal[j] }
        }
        return p
    }
}

/// The joint objective the autoencoder minimises, written out explicitly (for checks and for
/// reporting the loss): blocks of pseudo-user rows with weights, plus the L2 penalty.
public struct JointObjective: Sendable {
    /// Each block: `rows × itemCount` dense values, row-major, and its weight.
    public var blocks: [(values: [Double], rows: Int, weight: Double)]
    public let itemCount: Int
    public let l2: Double

    public init(itemCount: Int, l2: Double, blocks: [(values: [Double], rows: Int, weight: Double)]) {
        self.itemCount = itemCount
        self.l2 = l2
        self.blocks = blocks
    }

    /// Σ_b w_b ‖Z_b − Z_b B‖² + λ‖B‖² for a row-major `B` (its diagonal is taken as given).
    public func loss(_ b: [Double]) -> Double {
        let n = itemCount
        var total = 0.0
        for blk in blocks {
            for r in 0..<blk.rows {
                for j in 0..<n {
                    var pred = 0.0
                    for i in 0..<n { pred += blk.values[r * n + i] * b[i * n + j] }
                    let d = blk.values[r * n + j] - pred
                    total += blk.weight * d * d
                }
            }
        }
        for v in b { total += l2 * v * v }
        return total
    }

    /// ∂loss/∂B = 2·(G·B − G) + 2λB with G = Σ_b w_b Z_bᵀ Z_b (row-major).
    public func gradient(_ b: [Double]) -> [Double] {
        let n = itemCount
        var g = [Double](repeating: 0, count: n * n)
        for blk in blocks {
            for r in 0..<blk.rows {
                for i in 0..<n {
                    let zi = blk.values[r * n + i]
                    if zi == 0 { continue }
                    for j in 0..<n { g[i * n + j] += blk.weight * zi * blk.values[r * n + j] }
                }
            }
        }
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var gb = 0.0
                for k in 0..<n { gb += g[i * n + k] * b[k * n + j] }
                out[i * n + j] = 2 * (gb - g[i * n + j]) + 2 * l2 * b[i * n + j]
            }
        }
        return out
    }
}
