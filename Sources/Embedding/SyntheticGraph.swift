/// Seeded random graphs for benchmarks and tests when no real graph of the wanted size is at hand.
public enum SyntheticGraph {
    /// `tripleCount` triples over `entityCount` entities and `relationCount` relations.
    /// Entity popularity is skewed (index ∝ u², so low ids are hubs, like real KGs); relation
    /// frequency likewise. Duplicates are possible and kept.
    public static func generate(entityCount: Int, relationCount: Int, tripleCount: Int, seed: UInt64) -> [IndexedTriple] {
        precondition(entityCount >= 2 && relationCount >= 1)
        var rng = Xoshiro256StarStar(seed: seed, stream: 0x4752_4150)
        var out: [IndexedTriple] = []
        out.reserveCapacity(tripleCount)
        func skewed(_ n: Int) -> Int32 {
            let u = Double(rng.nextUnitFloat())
            return Int32(min(n - 1, Int(Double(n) * u * u)))
        }
        for _ in 0..<tripleCount {
            let h = skewed(entityCount)
            let r = skewed(relationCount)
            var t = Int32(rng.next(below: entityCount))
            if t == h { t = (t + 1) % Int32(entityCount) }
            out.append(IndexedTriple(head: h, relation: r, tail: t))
        }
        return out
    }
}
