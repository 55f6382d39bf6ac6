import Testing
@testable import Embedding

/// Finite-difference checks of each loss's gradient with respect to the scores.
@Suite struct LossGradientTests {
    static let positive: Float = -1.3
    static let negatives: [Float] = [-0.4, -2.9, -1.1, -0.75, -3.6]

    func check<L: TripleLoss>(_ loss: L, positive: Float = positive, negatives: [Float] = negatives, tolerance: Double = 2e-3) {
        let k = negatives.count
        var grads = [Float](repeating: 0, count: k)
        let (_, gp) = negatives.withUnsafeBufferPointer { n in
            grads.withUnsafeMutableBufferPointer { g in
                loss.evaluate(positive: positive, negatives: n.baseAddress!, count: k, negativeGradients: g.baseAddress!)
            }
        }
        func value(_ p: Float, _ n: [Float]) -> Double {
            var scratch = [Float](repeating: 0, count: k)
            return n.withUnsafeBufferPointer { nb in
                scratch.withUnsafeMutableBufferPointer { s in
                    Double(loss.evaluate(positive: p, negatives: nb.baseAddress!, count: k, negativeGradients: s.baseAddress!).loss)
                }
            }
        }
        let h: Float = 1e-2
        let numericP = (value(positive + h, negatives) - value(positive - h, negatives)) / Double(2 * h)
        #expect(abs(numericP - Double(gp)) < tolerance, "∂L/∂s⁺: analytic \(gp), numeric \(numericP)")
        for i in 0..<k {
            var up = negatives, down = negatives
            up[i] += h
            down[i] -= h
            let numeric = (value(positive, up) - value(positive, down)) / Double(2 * h)
            #expect(abs(numeric - Double(grads[i])) < tolerance, "∂L/∂s⁻[\(i)]: analytic \(grads[i]), numeric \(numeric)")
        }
    }

    @Test func marginRankingGradientMatchesFiniteDifferences() {
        // margin 1: pairs 0, 2, 3 active (−1.3 vs −0.4, −1.1, −0.75), 1 and 4 inactive; no pair at a kink.
        check(MarginRankingLoss(margin: 1))
    }

    @Test func marginRankingValueIsMeanOverPairs() {
        let loss = MarginRankingLoss(margin: 1)
        var g = [Float](repeating: 0, count: 2)
        let r = [Float(-2), Float(-0.5)].withUnsafeBufferPointer { n in
            g.withUnsafeMutableBufferPointer { loss.evaluate(positive: -1, negatives: n.baseAddress!, count: 2, negativeGradients: $0.baseAddress!) }
        }
        // pairs: max(0, 1 + 1 − 2) = 0, max(0, 1 + 1 − 0.5) = 1.5 → mean 0.75
        #expect(abs(r.loss - 0.75) < 1e-6)
        #expect(g == [0, 0.5])
        #expect(r.positiveGradient == -0.5)
    }

    @Test func softplusGradientMatchesFiniteDifferences() {
        check(SoftplusLoss())
        check(SoftplusLoss(), positive: 4.0, negatives: [-30, 25, 0.1])  // saturated regions stay finite
    }

    @Test func selfAdversarialGradientMatchesFiniteDifferences() {
        // The adversarial weights are constants by definition, so compare against differences of the
        // loss with the weights frozen at the evaluation point.
        let loss = SelfAdversarialLoss(margin: 3, temperature: 0.7)
        let n = Self.negatives, p = Self.positive, k = n.count
        var grads = [Float](repeating: 0, count: k)
        let gp = n.withUnsafeBufferPointer { nb in
            grads.withUnsafeMutableBufferPointer { loss.evaluate(positive: p, negatives: nb.baseAddress!, count: k, negativeGradients: $0.baseAddress!).positiveGradient }
        }
        let z = n.map { expf(0.7 * $0) }.reduce(0, +)
        let w = n.map { expf(0.7 * $0) / z }
        func frozen(_ p: Float, _ n: [Float]) -> Double {
            var l = Double(Logistic.softplus(-(3 + p)))
            for i in 0..<k { l += Double(w[i]) * Double(Logistic.softplus(n[i] + 3)) }
            return 0.5 * l
        }
        // The loss itself equals the frozen form at the evaluation point.
        var scratch = [Float](repeating: 0, count: k)
        let value = n.withUnsafeBufferPointer { nb in
            scratch.withUnsafeMutableBufferPointer { loss.evaluate(positive: p, negatives: nb.baseAddress!, count: k, negativeGradients: $0.baseAddress!).loss }
        }
        #expect(abs(Double(value) - frozen(p, n)) < 1e-5)
        let h: Float = 1e-2
        #expect(abs((frozen(p + h, n) - frozen(p - h, n)) / Double(2 * h) - Double(gp)) < 1e-3)
        for i in 0..<k {
            var up = n, down = n
            up[i] += h
            down[i] -= h
            #expect(abs((frozen(p, up) - frozen(p, down)) / Double(2 * h) - Double(grads[i])) < 1e-3)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
