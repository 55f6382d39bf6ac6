/// Produces negative triples by corrupting positives (sLCWA).
///
/// A mini-batch of `B` positives with `k` negatives each has `B·k` negative *slots*, numbered
/// `b·k + i`; samplers may use the slot number (PyKEEN's basic sampler corrupts heads in the
/// first half of the slots and tails in the second).
public protocol NegativeSampler: Sendable {
    /// A corruption of `positive` for negative slot `slot` of `slotCount`.
    func corrupt(_ positive: IndexedTriple, slot: Int, slotCount: Int, using rng: inout Xoshiro256StarStar) -> IndexedTriple
}

/// Shared replacement rule: a uniformly random entity different from `original`
/// (draw from `0..<n−1`, shift values ≥ original up by one — PyKEEN's `random_replacement_`).
@inline(__always)
func replacementEntity(for original: Int32, entityCount: Int, using rng: inout Xoshiro256StarStar) -> Int32 {
    var e = Int32(truncatingIfNeeded: rng.next(below: entityCount - 1))
    if e >= original { e &+= 1 }
    return e
}
