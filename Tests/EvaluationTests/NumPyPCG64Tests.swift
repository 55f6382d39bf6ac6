import Testing
@testable import Evaluation

/// The generator against values printed by NumPy 2.4.6
/// (`np.random.default_rng(s).bit_generator.random_raw(n)`, `.permutation(n)`,
/// `SeedSequence(42).generate_state(4)`).
@Suite("NumPy-compatible PCG64")
struct NumPyPCG64Tests {
    @Test func seedSequenceStateMatchesNumPy() {
        #expect(NumPySeedSequence(seed: 42).generateState32(count: 4) == [3_444_837_047, 2_669_555_309, 2_046_530_742, 3_581_440_988])
    }

    @Test(arguments: [
        (UInt64(42), [UInt64(14_276_969_152_011_380_360), 8_095_878_257_575_067_585, 15_838_336_090_824_644_132, 12_864_169_557_245_331_597]),
        (UInt64(0), [UInt64(11_749_869_230_777_074_271), 4_976_686_463_289_251_617]),
        (UInt64(1) << 40 + 7, [UInt64(15_307_346_044_642_009_514), 4_709_548_916_763_817_589]),
    ])
    func rawOutputsMatchNumPy(seed: UInt64, expected: [UInt64]) {
        var rng = NumPyPCG64(seed: seed)
        #expect(expected.map { _ in rng.nextUInt64() } == expected)
    }

    @Test func permutationsMatchNumPy() {
        var rng = NumPyPCG64(seed: 42)
        // Successive calls share the generator, including the buffered 32-bit half.
        #expect(rng.permutation(10) == [5, 6, 0, 7, 3, 2, 4, 9, 1, 8])
        #expect(rng.permutation(7) == [6, 5, 2, 4, 3, 0, 1])
        var other = NumPyPCG64(seed: 43)
        #expect(other.permutation(20) == [17, 13, 7, 8, 2, 10, 12, 19, 6, 18, 14, 16, 9, 1, 11, 5, 4, 15, 0, 3])
        var users = NumPyPCG64(seed: 42)
        #expect(Array(users.permutation(943).prefix(12)) == [96, 297, 55, 421, 463, 476, 125, 276, 312, 623, 25, 589])
    }

    @Test func intervalStaysInRangeAndHitsBothEnds() {
        var rng = NumPyPCG64(seed: 7)
        var seen = Set<UInt64>()
        for _ in 0..<2_000 {
            let v = rng.interval(5)
            #expect(v <= 5)
            seen.insert(v)
        }
        #expect(seen == [0, 1, 2, 3, 4, 5])
        #expect(rng.interval(0) == 0)
        #expect(rng.interval(UInt64.max) <= UInt64.max)
    }
}
