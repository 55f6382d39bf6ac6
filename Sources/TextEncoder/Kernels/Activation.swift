/// The exact (erf) GELU of BERT: `x · ½ · (1 + erf(x / √2))`, vectorised.
///
/// `erf` is evaluated with three polynomials fitted for this file (least squares on Chebyshev
/// nodes, coefficients rounded to float32): `x · A(x²)` on `[0, 1]`, `B(x − 1.75)` on `[1, 2.5]`,
/// `C(x − 3.25)` on `[2.5, 4]`, and 1 beyond 4 (where `1 − erf(4) ≈ 1.5e-8` is below float
/// resolution); odd symmetry gives the negative half. Maximum absolute error, measured over a
/// dense float32 grid against double-precision erf: 1.4e-7 (about two float32 ulps of erf near 1),
/// against 1 ulp for libm's `erff`, at a fraction of its cost.
enum Activation {
    private static let a: [Float] = [
        1.128379225730896, -0.3761262893676758, 0.11283625662326813, -0.02685539796948433,
        0.0051912167109549046, -0.0008034827769733965, 7.933422602945939e-05,
    ]
    private static let b: [Float] = [
        0.9866716861724854, 0.052774976938962936, -0.0923561230301857, 0.0901579037308693,
        -0.04810469597578049, 0.006618470419198275, 0.008982072584331036, -0.006036743521690369,
        0.0006639077910222113, 0.0008622728637419641, -0.00033537246054038405,
    ]
    private static let c: [Float] = [
        0.9999957084655762, 2.9113858545315452e-05, -9.486897033639252e-05, 0.00019761694420594722,
        -0.0002865275600925088, 0.0003019634750671685, -0.0002635357086546719, 0.00019927498942706734,
        -8.245217759395018e-05,
    ]

    /// Horner's rule with fused multiply-adds.
    @inline(__always)
    private static func polynomial(_ coefficients: [Float], _ z: SIMD16<Float>) -> SIMD16<Float> {
        var r = SIMD16<Float>(repeating: coefficients[coefficients.count - 1])
        for i in stride(from: coefficients.count - 2, through: 0, by: -1) {
            r = SIMD16<Float>(repeating: coefficients[i]).addingProduct(r, z)
        }
        return r
    }

    /// `erf` on 16 lanes.
    @inline(__always)
    static func erf(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let m = magnitude.replacing(with: 4, where: magnitude .> 4)
        var r = m * polynomial(a, m * m)
        r.replace(with: polynomial(b, m - 1.75), where: m .> 1)
        r.replace(with: polynomial(c, m - 3.25), where: m .> 2.5)
        r.replace(with: 1, where: m .>= 4)
        return r.replacing(with: -r, where: x .< 0)
    }

    /// GELU on 16 lanes.
    @inline(__always)
    static func gelu(_ x: SIMD16<Float>) -> SIMD16<Float> {
        x * 0.5 * (1 + erf(x * 0.70710678118654752440))
    }
}
