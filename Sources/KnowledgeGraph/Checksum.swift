/// A fast 64-bit checksum for snapshot files (not cryptographic).
///
/// The input is read as little-endian 64-bit words (the tail zero-padded) and
/// mixed with multiply/rotate steps; it detects truncation, bit flips and
/// reordered blocks, which is what a torn or corrupted file looks like.
public enum Checksum {
    /// The checksum of `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let p1: UInt64 = 0x9E37_79B1_85EB_CA87
        let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var h: UInt64 = 0x2545_F491_4F6C_DD1D ^ UInt64(bytes.count)
        let words = bytes.count / 8
        var i = 0
        while i < words {
            let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            h ^= (w &* p2).rotated(31) &* p1
            h = h.rotated(27) &* p1 &+ 0x52DC_E729
            i += 1
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        for k in (words * 8)..<bytes.count {
            tail |= UInt64(bytes[k]) << shift
            shift += 8
        }
        h ^= (tail &* p2).rotated(31) &* p1
        h ^= h >> 33; h = h &* p2; h ^= h >> 29; h = h &* p1; h ^= h >> 32
        return h
    }

    /// The checksum of `bytes`.
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotated(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
