/// NumPy's default bit generator, PCG64 (XSL-RR 128/64), with the draws `Generator.permutation`
/// and `Generator.shuffle` make.
///
/// `NumPyPCG64(seed: s)` gives the stream of `numpy.random.default_rng(s)`: the state and
/// increment come from `SeedSequence(s).generate_state(4, uint64)`, 32-bit draws use the halves of
/// one 64-bit output (low half first, the high half buffered), and bounded integers use NumPy's
/// masked rejection (`random_interval`). Checked against NumPy 2.4 in `NumPyPCG64Tests`.
public struct NumPyPCG64: Sendable {
    private static let multiplier: UInt128 = (0x2360_ed05_1fc6_5da4 as UInt128) << 64 | 0x4385_df64_9fcc_f645
    private var state: UInt128
    private let increment: UInt128
    private var bufferedHalf: UInt32?

    /// The generator `numpy.random.default_rng(seed)` builds.
    public init(seed: UInt64) {
        let words = NumPySeedSequence(seed: seed).generateState64(count: 4)
        let initState = UInt128(words[0]) << 64 | UInt128(words[1])
        let initSequence = UInt128(words[2]) << 64 | UInt128(words[3])
        increment = initSequence << 1 | 1
        state = 0
        step()
        state = state &+ initState
        step()
    }

    private mutating func step() {
        state = state &* Self.multiplier &+ increment
    }

    /// The next 64-bit output (`bit_generator.random_raw()`).
    public mutating func nextUInt64() -> UInt64 {
        step()
        let folded = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        let rotation = UInt64(truncatingIfNeeded: state >> 122)
        return folded.rotatedRight(by: rotation)
    }

    /// The next 32-bit output: the low half of a fresh 64-bit draw, then its high half.
    public mutating func nextUInt32() -> UInt32 {
        if let half = bufferedHalf {
            bufferedHalf = nil
            return half
        }
        let next = nextUInt64()
        bufferedHalf = UInt32(truncatingIfNeeded: next >> 32)
        return UInt32(truncatingIfNeeded: next)
    }

    /// A uniform integer in `0...max` by masked rejection, as NumPy's `random_interval`.
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
        if max <= UInt64(UInt32.max) {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// Shuffles in place as `Generator.shuffle` does for a one-dimensional array
    /// (Fisher–Yates from the last position down to 1).
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, through: 1, by: -1) {
            let j = Int(interval(UInt64(i)))
            values.swapAt(i, j)
        }
    }

    /// `Generator.permutation(n)`: a shuffled `0..<n`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<n)
        shuffle(&values)
        return values
    }
}

private extension UInt64 {
    func rotatedRight(by amount: UInt64) -> UInt64 {
        let r = amount & 63
        return r == 0 ? self : (self >> r) | (self << (64 - r))
    }
}
