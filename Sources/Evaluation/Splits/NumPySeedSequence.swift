/// NumPy's `SeedSequence` (O'Neill's seed_seq_fe design with a 4-word pool), for integer seeds.
///
/// The evaluation splits are defined by `numpy.random.default_rng(seed)`, which seeds PCG64
/// through a `SeedSequence`. Reproducing its mixing exactly is what makes `kgrec dataset split`
/// write the reference split files byte for byte without Python.
public struct NumPySeedSequence: Sendable {
    private static let initA: UInt32 = 0x43b0_d7e5
    private static let multA: UInt32 = 0x931e_8875
    private static let initB: UInt32 = 0x8b51_f9dd
    private static let multB: UInt32 = 0x58f3_8ded
    private static let mixMultL: UInt32 = 0xca01_f9dd
    private static let mixMultR: UInt32 = 0x4973_f715
    private static let poolSize = 4

    /// The mixed entropy pool.
    public private(set) var pool: [UInt32]

    /// A sequence seeded with a non-negative integer, as `SeedSequence(seed)` does: the seed is
    /// split into 32-bit words, least significant first (zero gives one word).
    public init(seed: UInt64) {
        var words: [UInt32] = [UInt32(truncatingIfNeeded: seed)]
        if seed >> 32 != 0 { words.append(UInt32(truncatingIfNeeded: seed >> 32)) }
        self.init(entropy: words)
    }

    /// A sequence over explicit 32-bit entropy words.
    public init(entropy: [UInt32]) {
        var hashConst = Self.initA
        func hashmix(_ value: UInt32) -> UInt32 {
            var v = value ^ hashConst
            hashConst = hashConst &* Self.multA
            v = v &* hashConst
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = (Self.mixMultL &* x) &- (Self.mixMultR &* y)
            return r ^ (r >> 16)
        }
        var mixer = [UInt32](repeating: 0, count: Self.poolSize)
        for i in 0..<Self.poolSize {
            mixer[i] = hashmix(i < entropy.count ? entropy[i] : 0)
        }
        for source in 0..<Self.poolSize {
            for destination in 0..<Self.poolSize where source != destination {
                mixer[destination] = mix(mixer[destination], hashmix(mixer[source]))
            }
        }
        if entropy.count > Self.poolSize {
            for source in Self.poolSize..<entropy.count {
                for destination in 0..<Self.poolSize {
                    mixer[destination] = mix(mixer[destination], hashmix(entropy[source]))
                }
            }
        }
        pool = mixer
    }

    /// `generate_state(n, np.uint32)`.
    public func generateState32(count: Int) -> [UInt32] {
        var hashConst = Self.initB
        var out: [UInt32] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            var v = pool[i % Self.poolSize] ^ hashConst
            hashConst = hashConst &* Self.multB
            v = v &* hashConst
            out.append(v ^ (v >> 16))
        }
        return out
    }

    /// `generate_state(n, np.uint64)`: pairs of 32-bit words, little-endian.
    public func generateState64(count: Int) -> [UInt64] {
        let words = generateState32(count: 2 * count)
        return (0..<count).map { UInt64(words[2 * $0]) | (UInt64(words[2 * $0 + 1]) << 32) }
    }
}
