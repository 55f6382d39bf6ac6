import Foundation

/// The exact (erf) GELU of BERT: `x · ½ · (1 + erf(x / √2))`.
enum Activation {
    @inline(__always)
    static func gelu(_ x: Float) -> Float {
        x * 0.5 * (1 + erf(x * 0.70710678118654752440))
    }

    /// Applies GELU to 16 lanes.
    @inline(__always)
    static func gelu(_ v: SIMD16<Float>) -> SIMD16<Float> {
        var r = v
        for i in 0..<16 { r[i] = gelu(v[i]) }
        return r
    }
}
