/// SplitMix64: used to expand one 64-bit seed into the state of ``Xoshiro256StarStar``
/// and to derive independent per-thread / per-epoch streams.
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna): the project's small, fast, seeded generator.
/// Same seed → same stream on every platform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Seeds the state through SplitMix64, as the authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// A generator for an independent stream derived from `seed` and a list of stream keys
    /// (e.g. epoch and worker index).
    public init(seed: UInt64, stream: UInt64...) {
        var first = SplitMix64(seed: seed)
        var mixed = first.next()
        for key in stream {
            var sm = SplitMix64(seed: mixed ^ (key &* 0xD1B5_4A32_D192_ED03))
            mixed = sm.next()
        }
        self.init(seed: mixed)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) <<< 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 <<< 45
        return result
    }

    /// Uniform integer in `0..<bound` (Lemire's nearly-divisionless method, unbiased). `bound > 0`.
    @inlinable
    public mutating func next(below bound: Int) -> Int {
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Uniform `Float` in `[0, 1)` with 24 random bits.
    @inlinable
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }
}

infix operator <<< : BitwiseShiftPrecedence

@inlinable
func <<< (x: UInt64, k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
