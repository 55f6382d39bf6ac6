import Testing
@testable import Embedding

@Suite struct NegativeSamplerTests {
    @Test func uniformCorruptsHeadsInFirstHalfOfSlotsAndTailsInSecond() {
        let sampler = UniformNegativeSampler(entityCount: 10)
        var rng = Xoshiro256StarStar(seed: 1)
        let p = IndexedTriple(head: 3, relation: 2, tail: 7)
        // 4 positives × 3 negatives = 12 slots: 0..<6 replace the head, 6..<12 the tail.
        for slot in 0..<12 {
            let n = sampler.corrupt(p, slot: slot, slotCount: 12, using: &rng)
            #expect(n.relation == 2)
            if slot < 6 {
                #expect(n.tail == 7 && n.head != 3)
            } else {
                #expect(n.head == 3 && n.tail != 7)
            }
        }
        // Odd slot count: the extra slot goes to heads (⌈B·k/2⌉).
        #expect(sampler.corrupt(p, slot: 0, slotCount: 1, using: &rng).tail == 7)
    }

    @Test func replacementNeverReturnsTheOriginalAndCoversAllOthers() {
        let sampler = UniformNegativeSampler(entityCount: 5)
        var rng = Xoshiro256StarStar(seed: 9)
        var seen = [Int](repeating: 0, count: 5)
        for _ in 0..<20_000 {
            let n = sampler.corrupt(IndexedTriple(head: 2, relation: 0, tail: 4), slot: 0, slotCount: 2, using: &rng)
            seen[Int(n.head)] += 1
        }
        #expect(seen[2] == 0)
        for e in [0, 1, 3, 4] { #expect(abs(Double(seen[e]) / 20_000 - 0.25) < 0.02, "entity \(e): \(seen[e])") }
    }

    @Test func bernoulliProbabilitiesFromTailsPerHeadAndHeadsPerTail() {
        // Relation 0: head 0 → tails 1, 2, 3 (one-to-many): tph = 3, hpt = 1 → P(head) = 0.75.
        // Relation 1: heads 1, 2 → tail 0 and head 3 → tail 0 (many-to-one): tph = 1, hpt = 3 → 0.25.
        // Relation 2: 0→1, 2→3: tph = hpt = 1 → 0.5. Duplicates count once.
        let triples = [
            IndexedTriple(head: 0, relation: 0, tail: 1), IndexedTriple(head: 0, relation: 0, tail: 2),
            IndexedTriple(head: 0, relation: 0, tail: 3), IndexedTriple(head: 0, relation: 0, tail: 3),
            IndexedTriple(head: 1, relation: 1, tail: 0), IndexedTriple(head: 2, relation: 1, tail: 0),
            IndexedTriple(head: 3, relation: 1, tail: 0),
            IndexedTriple(head: 0, relation: 2, tail: 1), IndexedTriple(head: 2, relation: 2, tail: 3),
        ]
        let p = BernoulliNegativeSampler.headProbabilities(triples: triples, relationCount: 4)
        #expect(p == [0.75, 0.25, 0.5, 0.5])  // relation 3 has no triples → 0.5

        // Mixed case: r 0 with 0→{1,2}, 1→{2}: tph = 3/2, hpt: tails 1←{0}, 2←{0,1} → 3/2 → 0.5.
        let q = BernoulliNegativeSampler.headProbabilities(triples: [
            IndexedTriple(head: 0, relation: 0, tail: 1), IndexedTriple(head: 0, relation: 0, tail: 2),
            IndexedTriple(head: 1, relation: 0, tail: 2),
        ], relationCount: 1)
        #expect(q == [0.5])

        let sampler = BernoulliNegativeSampler(triples: triples, entityCount: 4, relationCount: 4)
        var rng = Xoshiro256StarStar(seed: 5)
        var heads = 0
        let positive = IndexedTriple(head: 0, relation: 0, tail: 1)
        for slot in 0..<40_000 {
            let n = sampler.corrupt(positive, slot: slot, slotCount: 40_000, using: &rng)
            #expect(n != positive)
            #expect((n.head != 0) != (n.tail != 1), "exactly one side replaced")
            if n.head != 0 { heads += 1 }
        }
        #expect(abs(Double(heads) / 40_000 - 0.75) < 0.01)
    }

    @Test func generatorIsSeededAndBounded() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42), c = Xoshiro256StarStar(seed: 43)
        let xa = (0..<8).map { _ in a.next() }, xb = (0..<8).map { _ in b.next() }, xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        for _ in 0..<10_000 {
            let v = a.next(below: 7)
            #expect(v >= 0 && v < 7)
            let f = a.nextUnitFloat()
            #expect(f >= 0 && f < 1)
        }
        var s1 = Xoshiro256StarStar(seed: 1, stream: 1, 2), s2 = Xoshiro256StarStar(seed: 1, stream: 2, 1)
        #expect(s1.next() != s2.next())
    }
}
