/// Relation-aware corruption (Wang et al., 2014; PyKEEN `BernoulliNegativeSampler`): each
/// negative replaces the head with probability tph / (tph + hpt) of its relation, where tph is
/// the mean number of distinct tails per (head, relation) and hpt the mean number of distinct
/// heads per (relation, tail) in the training triples; otherwise the tail. The replacement is a
/// uniformly drawn entity different from the original.
public struct BernoulliNegativeSampler: NegativeSampler {
    /// Number of entities to draw from (≥ 2).
    public let entityCount: Int
    /// Probability of corrupting the head, per relation id.
    public let headProbability: [Float]

    /// Computes the per-relation probabilities from `triples` (duplicates counted once).
    public init(triples: [IndexedTriple], entityCount: Int, relationCount: Int) {
        precondition(entityCount >= 2, "negative sampling needs at least two entities")
        self.entityCount = entityCount
        self.headProbability = BernoulliNegativeSampler.headProbabilities(triples: triples, relationCount: relationCount)
    }

    /// tph / (tph + hpt) per relation; 0.5 for relations without triples.
    public static func headProbabilities(triples: [IndexedTriple], relationCount: Int) -> [Float] {
        let unique = Array(Set(triples))
        // Sort by (relation, head) to count tails per head, then by (relation, tail).
        let byHead = unique.sorted { ($0.relation, $0.head) < ($1.relation, $1.head) }
        let byTail = unique.sorted { ($0.relation, $0.tail) < ($1.relation, $1.tail) }
        var groupsHead = [Int](repeating: 0, count: relationCount)
        var groupsTail = [Int](repeating: 0, count: relationCount)
        var count = [Int](repeating: 0, count: relationCount)
        for (i, t) in byHead.enumerated() {
            count[Int(t.relation)] += 1
            if i == 0 || byHead[i - 1].relation != t.relation || byHead[i - 1].head != t.head { groupsHead[Int(t.relation)] += 1 }
        }
        for (i, t) in byTail.enumerated() where i == 0 || byTail[i - 1].relation != t.relation || byTail[i - 1].tail != t.tail {
            groupsTail[Int(t.relation)] += 1
        }
        return (0..<relationCount).map { r in
            guard count[r] > 0 else { return 0.5 }
            let tph = Double(count[r]) / Double(groupsHead[r])
            let hpt = Double(count[r]) / Double(groupsTail[r])
            return Float(tph / (tph + hpt))
        }
    }

    @inline(__always)
    public func corrupt(_ positive: IndexedTriple, slot: Int, slotCount: Int, using rng: inout Xoshiro256StarStar) -> IndexedTriple {
        var n = positive
        if rng.nextUnitFloat() < headProbability[Int(positive.relation)] {
            n.head = replacementEntity(for: positive.head, entityCount: entityCount, using: &rng)
        } else {
            n.tail = replacementEntity(for: positive.tail, entityCount: entityCount, using: &rng)
        }
        return n
    }
}
