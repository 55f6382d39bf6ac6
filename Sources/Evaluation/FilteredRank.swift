/// The rank of a true answer among all candidates, with ties resolved three ways.
public struct FilteredRank: Sendable, Equatable {
    /// 1 + number of candidates scored strictly higher (ties in the answer's favour).
    public var optimistic: Double
    /// Number of candidates scored higher or equal, the answer included (ties against it).
    public var pessimistic: Double
    /// Mean of optimistic and pessimistic: the expected rank under random tie-breaking
    /// (PyKEEN's "realistic" rank); all reported metrics use it.
    public var realistic: Double { (optimistic + pessimistic) / 2 }

    public init(optimistic: Double, pessimistic: Double) {
        self.optimistic = optimistic
        self.pessimistic = pessimistic
    }

    /// Ranks `scores[target]` among `scores`, ignoring every entity in `filtered` other than
    /// `target` (the other known true answers). `filtered` must not contain duplicates.
    /// A NaN target score ranks last.
    public static func compute<C: Collection>(scores: UnsafeBufferPointer<Float>, target: Int, filtered: C) -> FilteredRank
    where C.Element == Int32 {
        let s = scores[target]
        var removed = 0
        for f in filtered where Int(f) != target { removed += 1 }
        if s.isNaN {
            let last = Double(scores.count - removed)
            return FilteredRank(optimistic: last, pessimistic: last)
        }
        var (greater, equal) = countGreaterAndEqual(scores, s)
        for f in filtered where Int(f) != target {
            let v = scores[Int(f)]
            if v > s { greater -= 1 } else if v == s { equal -= 1 }
        }
        return FilteredRank(optimistic: Double(1 + greater), pessimistic: Double(greater + equal))
    }

    /// Counts of scores `> s` and `== s` (one SIMD pass).
    static func countGreaterAndEqual(_ scores: UnsafeBufferPointer<Float>, _ s: Float) -> (Int, Int) {
        let n = scores.count
        let base = UnsafeRawPointer(scores.baseAddress!)
        var g = SIMD8<Int32>(repeating: 0), e = SIMD8<Int32>(repeating: 0)
        let one = SIMD8<Int32>(repeating: 1), zero = SIMD8<Int32>(repeating: 0)
        let sv = SIMD8<Float>(repeating: s)
        var i = 0
        while i + 8 <= n {
            let v = base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            g &+= zero.replacing(with: one, where: v .> sv)
            e &+= zero.replacing(with: one, where: v .== sv)
            i += 8
        }
        var greater = Int(g.wrappedSum()), equal = Int(e.wrappedSum())
        while i < n {
            let v = scores[i]
            if v > s { greater += 1 } else if v == s { equal += 1 }
            i += 1
        }
        return (greater, equal)
    }
}
