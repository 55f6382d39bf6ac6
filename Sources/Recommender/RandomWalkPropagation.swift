/// Preference propagation by a bounded random walk over the unified user–item–entity graph.
///
/// From each of the user's items the walk takes one step to a neighbour node — a user who liked
/// the item (weight `1 − kgWeight`) or a KG feature node, i.e. a (relation, entity) neighbour of
/// the item's entity (weight `kgWeight`, scaled per relation by `relationWeights`) — and one step
/// back to an item, with uniform transition probabilities at every node. Features with more than
/// `hubCap` items are not walked through. The arrival probability at item j is divided by
/// `popularity(j)^popularityExponent` (RP3β, Paudel et al. 2017) so the walk does not just return
/// the most popular items. The result is the item → item matrix `W`; a user's propagation score is
/// `Σ_{i ∈ user} W[i, :]`.
public struct RandomWalkPropagation: Sendable {
    public var kgWeight: Double
    public var popularityExponent: Double
    public var hubCap: Int

    public init(kgWeight: Double = 0, popularityExponent: Double = 0.5, hubCap: Int = 200) {
        self.kgWeight = kgWeight
        self.popularityExponent = popularityExponent
        self.hubCap = hubCap
    }

    /// The dense item × item transition matrix (row-major, zero diagonal).
    /// - Parameters:
    ///   - features: feature × item incidence (see ``ItemKnowledgeGraph/itemFeatures(minimumItems:maximumItems:)``), nil = no KG.
    public func transitions(interactions x: InteractionMatrix, features: SparseIncidence?) -> [Double] {
        let n = x.itemCount
        var w = [Double](repeating: 0, count: n * n)
        let kg = features.map { f -> SparseIncidence in
            SparseIncidence(columnCount: n, rows: (0..<f.rowCount).compactMap { f.row($0).count <= hubCap ? Array(f.row($0)) : nil })
        }
        let featureDegree = kg?.columnDegrees ?? [Int](repeating: 0, count: n)
        w.withUnsafeMutableBufferPointer { wb in
            let W = wb.baseAddress!
            // item i → user u (1/deg(i)) → item j (1/deg(u)).
            for u in 0..<x.userCount {
                let items = x.items(of: u)
                let du = Double(items.count)
                for i in items {
                    let hasKG = kgWeight > 0 && featureDegree[Int(i)] > 0
                    let share = (hasKG ? 1 - kgWeight : 1) / (Double(x.degree(item: Int(i))) * du)
                    let row = W + Int(i) * n
                    for j in items { row[Int(j)] += share }
                }
            }
            // item i → feature f (1/featureDegree(i)) → item j (1/|f|).
            if let kg, kgWeight > 0 {
                for f in 0..<kg.rowCount {
                    let members = kg.row(f)
                    let df = Double(members.count)
                    for i in members {
                        // An item without interactions walks through the KG only.
                        let share = (x.degree(item: Int(i)) > 0 ? kgWeight : 1) / (Double(featureDegree[Int(i)]) * df)
                        let row = W + Int(i) * n
                        for j in members { row[Int(j)] += share }
                    }
                }
            }
            var penalty = [Double](repeating: 0, count: n)
            for j in 0..<n { penalty[j] = pow(Double(max(x.degree(item: j), 1)), -popularityExponent) }
            for i in 0..<n {
                let row = W + i * n
                for j in 0..<n { row[j] *= penalty[j] }
                row[i] = 0
            }
        }
        return w
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
