import Foundation

/// The BIC score of a structure on discrete data (natural log), decomposed by node:
/// local(X, Pa) = Σ_jk N_ijk ln(N_ijk / N_ij) − ½ ln(N) · q · (r − 1),
/// with q the number of parent configurations and r the number of states of X.
/// Local scores are cached by (node, parent set).
public struct BICScore: Sendable {
    /// The data scored.
    public let data: DiscreteDataSet
    private var cache: [[Int]: Double] = [:]
    private var config: [Int]
    private var counts: [Int] = []

    public init(data: DiscreteDataSet) {
        self.data = data
        config = [Int](repeating: 0, count: data.rowCount)
    }

    /// The local score of `variable` with `parents` (order irrelevant).
    public mutating func localScore(variable: Int, parents: [Int]) -> Double {
        var key = parents.sorted()
        key.append(variable)
        if let s = cache[key] { return s }
        let s = compute(variable: variable, parents: key.dropLast())
        cache[key] = s
        return s
    }

    /// The total score of a structure given as each variable's parents.
    public mutating func score(parents: [[Int]]) -> Double {
        var total = 0.0
        for v in parents.indices { total += localScore(variable: v, parents: parents[v]) }
        return total
    }

    private mutating func compute(variable: Int, parents: ArraySlice<Int>) -> Double {
        let rows = data.rowCount
        let r = data.variables[variable].cardinality
        var q = 1
        for i in 0..<rows { config[i] = 0 }
        for p in parents {
            let card = data.variables[p].cardinality
            q *= card
            let col = data.columns[p]
            for i in 0..<rows { config[i] = config[i] * card + Int(col[i]) }
        }
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: q * r))
        let col = data.columns[variable]
        for i in 0..<rows { counts[config[i] * r + Int(col[i])] += 1 }
        var ll = 0.0
        for j in 0..<q {
            var nij = 0
            for k in 0..<r { nij += counts[j * r + k] }
            guard nij > 0 else { continue }
            let lnij = log(Double(nij))
            for k in 0..<r where counts[j * r + k] > 0 {
                let n = Double(counts[j * r + k])
                ll += n * (log(n) - lnij)
            }
        }
        return ll - 0.5 * log(Double(rows)) * Double(q) * Double(r - 1)
    }
}
