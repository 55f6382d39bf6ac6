/// Uniform corruption (Bordes et al., 2013; PyKEEN `BasicNegativeSampler` with corruption
/// scheme head/tail): the first ⌈B·k/2⌉ negative slots of a mini-batch replace the head, the rest
/// the tail, each by a uniformly drawn entity different from the original. Negatives are not
/// filtered against known triples (PyKEEN's default).
public struct UniformNegativeSampler: NegativeSampler {
    /// Number of entities to draw from (≥ 2).
    public let entityCount: Int

    public init(entityCount: Int) {
        precondition(entityCount >= 2, "negative sampling needs at least two entities")
        self.entityCount = entityCount
    }

    @inline(__always)
    public func corrupt(_ positive: IndexedTriple, slot: Int, slotCount: Int, using rng: inout Xoshiro256StarStar) -> IndexedTriple {
        var n = positive
        if slot < (slotCount + 1) / 2 {
            n.head = replacementEntity(for: positive.head, entityCount: entityCount, using: &rng)
        } else {
            n.tail = replacementEntity(for: positive.tail, entityCount: entityCount, using: &rng)
        }
        return n
    }
}
