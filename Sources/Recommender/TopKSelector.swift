/// One recommended item and its score.
public struct ScoredItem: Sendable, Equatable {
    public var item: Int32
    public var score: Float
    public init(item: Int32, score: Float) { self.item = item; self.score = score }
}

/// Top-k selection over a score vector with a bounded binary min-heap: O(n + m·log k) where m is
/// the number of candidates that beat the current k-th best — no full sort. Ties are broken toward
/// the smaller item id, so the result equals a full stable sort by descending score. Entries that
/// are −∞ or NaN are never selected.
public enum TopKSelector {
    /// The best `k` entries of `scores`, best first.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int) -> [ScoredItem] {
        guard k > 0 else { return [] }
        var heapScores = [Float](repeating: 0, count: k)
        var heapItems = [Int32](repeating: 0, count: k)
        var size = 0
        heapScores.withUnsafeMutableBufferPointer { hs in
            heapItems.withUnsafeMutableBufferPointer { hi in
                let s = hs.baseAddress!, it = hi.baseAddress!
                // a is "worse" than b: lower score, or equal score and larger id.
                @inline(__always) func worse(_ a: Int, _ b: Int) -> Bool {
                    s[a] < s[b] || (s[a] == s[b] && it[a] > it[b])
                }
                @inline(__always) func swap(_ a: Int, _ b: Int) {
                    let ts = s[a]; s[a] = s[b]; s[b] = ts
                    let ti = it[a]; it[a] = it[b]; it[b] = ti
                }
                @inline(__always) func siftDown(_ start: Int) {
                    var i = start
                    while true {
                        let l = 2 * i + 1, r = l + 1
                        var m = i
                        if l < size && worse(l, m) { m = l }
                        if r < size && worse(r, m) { m = r }
                        if m == i { return }
                        swap(i, m)
                        i = m
                    }
                }
                var threshold = -Float.infinity
                for j in 0..<scores.count {
                    let v = scores[j]
                    if size < k {
                        guard v > -Float.infinity else { continue }  // also rejects NaN
                        s[size] = v; it[size] = Int32(j)
                        size += 1
                        var c = size - 1
                        while c > 0 {
                            let p = (c - 1) / 2
                            if worse(c, p) { swap(c, p); c = p } else { break }
                        }
                        if size == k { threshold = s[0] }
                    } else if v > threshold {
                        // Strictly better than the current worst (equal scores lose: larger id).
                        s[0] = v; it[0] = Int32(j)
                        siftDown(0)
                        threshold = s[0]
                    }
                }
            }
        }
        var out = (0..<size).map { ScoredItem(item: heapItems[$0], score: heapScores[$0]) }
        out.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
        return out
    }
}
