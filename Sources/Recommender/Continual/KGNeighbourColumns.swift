/// Gives items without training interactions a place in the item × item matrix `M` from their
/// knowledge-graph neighbours.
///
/// An item nobody interacted with in training has an all-zero row and column in the autoencoder
/// part of `M` (its Gram row is zero), and only what the propagation walk's KG steps put there: it
/// is (almost) never recommended, and a user's event on it teaches the model nothing. Such an item
/// is linked to KG entities, though, so its neighbours — items sharing (relation, entity) features
/// with it, e.g. the same director — stand in: its column becomes `shrink` × the weighted mean of
/// the neighbours' columns and its row the weighted mean of their rows (weights = number of shared
/// features).
enum KGNeighbourColumns {
    /// Fills rows and columns of items with `degrees[j] == 0` in the row-major `itemCount × stride`
    /// matrix; returns how many items were filled (those with at least one neighbour).
    static func fill(matrix: inout [Float], stride: Int, degrees: [Int], features: SparseIncidence,
                     neighbours maximum: Int, shrink: Float) -> Int {
        let n = degrees.count
        guard maximum > 0 else { return 0 }
        var featuresOf = [[Int32]](repeating: [], count: n)
        for f in 0..<features.rowCount { for i in features.row(f) { featuresOf[Int(i)].append(Int32(f)) } }
        var filled = 0
        var weight = [Float](repeating: 0, count: n)
        for j in 0..<n where degrees[j] == 0 && !featuresOf[j].isEmpty {
            var touched: [Int32] = []
            for f in featuresOf[j] {
                for k in features.row(Int(f)) where Int(k) != j && degrees[Int(k)] > 0 {
                    if weight[Int(k)] == 0 { touched.append(k) }
                    weight[Int(k)] += 1
                }
            }
            guard !touched.isEmpty else { continue }
            // Strongest neighbours first, ties to the smaller id (deterministic).
            touched.sort { weight[Int($0)] != weight[Int($1)] ? weight[Int($0)] > weight[Int($1)] : $0 < $1 }
            let chosen = touched.prefix(maximum)
            let total = chosen.reduce(Float(0)) { $0 + weight[Int($1)] }
            var row = [Float](repeating: 0, count: stride)
            var column = [Float](repeating: 0, count: n)
            for k in chosen {
                let w = weight[Int(k)] / total
                for t in 0..<n {
                    row[t] += w * matrix[Int(k) * stride + t]
                    column[t] += w * matrix[t * stride + Int(k)]
                }
            }
            for t in 0..<n {
                matrix[j * stride + t] = row[t]
                matrix[t * stride + j] = shrink * column[t]
            }
            matrix[j * stride + j] = 0
            for k in touched { weight[Int(k)] = 0 }
            filled += 1
        }
        return filled
    }
}
