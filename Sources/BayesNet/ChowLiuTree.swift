import Foundation

/// Chow–Liu structure learning: the maximum-weight spanning tree of pairwise empirical mutual
/// information, directed away from a root. The tree maximises the likelihood among all trees.
public enum ChowLiuTree {
    /// Each variable's parents (at most one) for the tree learned from `data`, rooted at `root`.
    public static func learn(_ data: DiscreteDataSet, root: Int = 0) -> [[Int]] {
        let n = data.variables.count
        guard n > 0 else { return [] }
        precondition(root >= 0 && root < n, "root out of range")
        var weight = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let w = mutualInformation(data, i, j)
                weight[i * n + j] = w
                weight[j * n + i] = w
            }
        }
        // Prim from the root; each vertex's parent is the tree vertex it attaches through.
        var inTree = [Bool](repeating: false, count: n)
        var bestWeight = [Double](repeating: -.infinity, count: n)
        var bestParent = [Int](repeating: -1, count: n)
        var parents = [[Int]](repeating: [], count: n)
        var current = root
        inTree[root] = true
        for _ in 1..<n {
            for v in 0..<n where !inTree[v] && weight[current * n + v] > bestWeight[v] {
                bestWeight[v] = weight[current * n + v]
                bestParent[v] = current
            }
            var next = -1
            for v in 0..<n where !inTree[v] && (next < 0 || bestWeight[v] > bestWeight[next]) { next = v }
            inTree[next] = true
            parents[next] = [bestParent[next]]
            current = next
        }
        return parents
    }

    /// Empirical mutual information (nats) between two columns.
    public static func mutualInformation(_ data: DiscreteDataSet, _ a: Int, _ b: Int) -> Double {
        let ra = data.variables[a].cardinality, rb = data.variables[b].cardinality
        var joint = [Int](repeating: 0, count: ra * rb)
        let ca = data.columns[a], cb = data.columns[b]
        for i in 0..<data.rowCount { joint[Int(ca[i]) * rb + Int(cb[i])] += 1 }
        var ma = [Int](repeating: 0, count: ra), mb = [Int](repeating: 0, count: rb)
        for x in 0..<ra { for y in 0..<rb { ma[x] += joint[x * rb + y]; mb[y] += joint[x * rb + y] } }
        let total = Double(data.rowCount)
        guard total > 0 else { return 0 }
        var mi = 0.0
        for x in 0..<ra {
            for y in 0..<rb where joint[x * rb + y] > 0 {
                let nxy = Double(joint[x * rb + y])
                mi += nxy / total * log(nxy * total / (Double(ma[x]) * Double(mb[y])))
            }
        }
        return mi
    }
}
