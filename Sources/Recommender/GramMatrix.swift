/// The dense item × item Gram matrix `G = Σ_b w_b · Z_bᵀ Z_b` of an item autoencoder, where each
/// block Z_b has one column per item: the user × item interactions, the KG feature × item
/// incidence, or the item embedding coordinates. Every block acts as extra "pseudo-users" whose
/// co-occurrences the autoencoder must also reconstruct, so side information enters the closed form
/// as a regulariser that ties each item's weights to those of its KG neighbours.
public struct GramMatrix: Sendable {
    public let itemCount: Int
    /// Row-major `itemCount²` values.
    public var values: [Double]

    public init(itemCount: Int) {
        self.itemCount = itemCount
        values = [Double](repeating: 0, count: itemCount * itemCount)
    }

    /// Adds `weight · XᵀX` for the binary interaction matrix X.
    public mutating func addInteractions(_ x: InteractionMatrix, weight: Double = 1) {
        precondition(x.itemCount == itemCount)
        let n = itemCount
        values.withUnsafeMutableBufferPointer { g in
            for u in 0..<x.userCount {
                let items = x.items(of: u)
                for i in items {
                    let row = g.baseAddress! + Int(i) * n
                    for j in items { row[Int(j)] += weight }
                }
            }
        }
    }

    /// Adds `weight · F̃ᵀF̃` where F̃ is `incidence` with row r scaled by `|row r|^(−power/2)`
    /// (power 0: raw counts of shared features; 1: each feature contributes in total as much as a user
    /// of unit norm).
    public mutating func addIncidence(_ incidence: SparseIncidence, weight: Double, power: Double) {
        precondition(incidence.columnCount == itemCount)
        let n = itemCount
        values.withUnsafeMutableBufferPointer { g in
            for r in 0..<incidence.rowCount {
                let cols = incidence.row(r)
                let w = weight * pow(Double(cols.count), -power)
                for i in cols {
                    let row = g.baseAddress! + Int(i) * n
                    for j in cols { row[Int(j)] += w }
                }
            }
        }
    }

    /// Adds `weight · E Eᵀ` for item vectors E (`vectors[i]` of length d, empty = no vector).
    public mutating func addEmbeddings(_ vectors: [[Float]], weight: Double) {
        precondition(vectors.count == itemCount)
        let n = itemCount
        values.withUnsafeMutableBufferPointer { g in
            for i in 0..<n where !vectors[i].isEmpty {
                let vi = vectors[i]
                for j in 0...i where !vectors[j].isEmpty {
                    let vj = vectors[j]
                    var s: Double = 0
                    for t in 0..<min(vi.count, vj.count) { s += Double(vi[t]) * Double(vj[t]) }
                    g[i * n + j] += weight * s
                    if j != i { g[j * n + i] += weight * s }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
