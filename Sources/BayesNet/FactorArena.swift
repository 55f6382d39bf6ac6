/// Flat storage for the factors of one query: every factor's variables and values live in two
/// shared arrays, so building and multiplying factors allocates nothing per factor.
///
/// A factor's table is row-major over its variables (the LAST variable varies fastest).
/// Cardinalities come from the network.
struct FactorArena {
    struct Ref {
        var scopeStart: Int
        var scopeCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    var values: [Double] = []
    var scopes: [Int] = []
    var factors: [Ref] = []

    init(capacity: Int) {
        values.reserveCapacity(capacity)
        scopes.reserveCapacity(256)
        factors.reserveCapacity(64)
    }

    @inline(__always) func variable(_ f: Int, _ j: Int) -> Int { scopes[factors[f].scopeStart + j] }
    @inline(__always) func scopeCount(_ f: Int) -> Int { factors[f].scopeCount }

    func contains(_ f: Int, variable x: Int) -> Bool {
        let r = factors[f]
        for j in 0..<r.scopeCount where scopes[r.scopeStart + j] == x { return true }
        return false
    }

    /// Number of factors, values and scope entries, to roll back to with `truncate`.
    var mark: (factors: Int, values: Int, scopes: Int) { (factors.count, values.count, scopes.count) }

    mutating func truncate(to m: (factors: Int, values: Int, scopes: Int)) {
        factors.removeSubrange(m.factors...)
        values.removeSubrange(m.values...)
        scopes.removeSubrange(m.scopes...)
    }

    /// Adds the CPT restricted to the evidence (`evidence[v] < 0`: unobserved); observed
    /// variables leave the scope. Returns the new factor's index.
    mutating func addReduced(_ t: ConditionalProbabilityTable, evidence: [Int], cardinalities cards: [Int]) -> Int {
        let scopeStart = scopes.count
        var base = 0
        var size = 1
        var s = 1
        // Walk from the fastest variable (the child) outwards, recording kept variables' strides.
        let total = t.parents.count + 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * total) { tmp in
            var kept = 0
            for j in stride(from: total - 1, through: 0, by: -1) {
                let x = j == total - 1 ? t.variable : t.parents[j]
                if evidence[x] >= 0 {
                    base += evidence[x] * s
                } else {
                    tmp[kept] = x
                    tmp[total + kept] = s
                    kept += 1
                    size *= cards[x]
                }
                s *= cards[x]
            }
            for i in stride(from: kept - 1, through: 0, by: -1) { scopes.append(tmp[i]) }
            let valueStart = values.count
            if kept == total {
                values.append(contentsOf: t.values)
            } else {
                // Odometer over kept variables, slowest first: kept variable i (in scope order) is tmp[kept-1-i].
                values.append(contentsOf: repeatElement(0, count: size))
                var counter = [Int](repeating: 0, count: kept)
                var idx = base
                t.values.withUnsafeBufferPointer { src in
                    values.withUnsafeMutableBufferPointer { dst in
                        for o in 0..<size {
                            dst[valueStart + o] = src[idx]
                            var d = 0  // d indexes tmp from the fastest variable
                            while d < kept {
                                counter[d] += 1
                                let c = cards[tmp[d]]
                                if counter[d] < c { idx += tmp[total + d]; break }
                                idx -= tmp[total + d] * (c - 1)
                                counter[d] = 0
                                d += 1
                            }
                        }
                    }
                }
            }
            factors.append(Ref(scopeStart: scopeStart, scopeCount: kept, valueStart: valueStart, valueCount: size))
        }
        return factors.count - 1
    }

    /// Multiplies the given factors and sums `eliminated` out in one pass over the result's
    /// table (the product is never materialised). The result's variables are the inputs' union
    /// minus `eliminated`, in first-appearance order. Returns the new factor's index.
    mutating func sumProduct(_ inputs: [Int], eliminating eliminated: Int, cardinalities cards: [Int]) -> Int {
        let scopeStart = scopes.count
        var outSize = 1
        for f in inputs {
            let r = factors[f]
            for j in 0..<r.scopeCount {
                let x = scopes[r.scopeStart + j]
                if x == eliminated { continue }
                var seen = false
                for i in scopeStart..<scopes.count where scopes[i] == x { seen = true; break }
                if !seen {
                    scopes.append(x)
                    outSize *= cards[x]
                }
            }
        }
        let k = scopes.count - scopeStart
        let nf = inputs.count
        let ce = cards[eliminated]
        let valueStart = values.count
        values.append(contentsOf: repeatElement(0, count: outSize))
        factors.append(Ref(scopeStart: scopeStart, scopeCount: k, valueStart: valueStart, valueCount: outSize))

        // Layout of tmp: strides[nf*k] | eStrides[nf] | idx[nf] | counter[k] | outCards[k]
        let cap = nf * k + 2 * nf + 2 * k
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(cap, 1)) { tmp in
            let st = tmp.baseAddress!
            let es = st + nf * k
            let ix = es + nf
            let ct = ix + nf
            let oc = ct + k
            for i in 0..<cap { tmp[i] = 0 }
            for j in 0..<k { oc[j] = cards[scopes[scopeStart + j]] }
            for (fi, f) in inputs.enumerated() {
                let r = factors[f]
                ix[fi] = r.valueStart
                var s = 1
                for j in stride(from: r.scopeCount - 1, through: 0, by: -1) {
                    let x = scopes[r.scopeStart + j]
                    if x == eliminated {
                        es[fi] = s
                    } else {
                        for o in 0..<k where scopes[scopeStart + o] == x { st[fi * k + o] = s; break }
                    }
                    s *= cards[x]
                }
            }
            values.withUnsafeMutableBufferPointer { buf in
                let base = buf.baseAddress!
                let res = base + valueStart
                // The last output variable is walked by a plain inner loop; the odometer only
                // carries over the others, once per row of the result.
                let inner = k > 0 ? oc[k - 1] : 1
                @inline(__always) func innerStride(_ fi: Int) -> Int { k > 0 ? st[fi * k + k - 1] : 0 }
                @inline(__always) func advanceOuter() {
                    var d = k - 2
                    while d >= 0 {
                        ct[d] += 1
                        if ct[d] < oc[d] {
                            for fi in 0..<nf { ix[fi] += st[fi * k + d] }
                            return
                        }
                        let back = oc[d] - 1
                        for fi in 0..<nf { ix[fi] -= st[fi * k + d] * back }
                        ct[d] = 0
                        d -= 1
                    }
                }
                var o = 0
                switch nf {
                case 1:
                    let e0 = es[0], s0 = innerStride(0)
                    while o < outSize {
                        var q0 = ix[0]
                        for j in 0..<inner {
                            var sum = 0.0
                            var p = q0
                            for _ in 0..<ce { sum += base[p]; p += e0 }
                            res[o + j] = sum
                            q0 += s0
                        }
                        o += inner
                        advanceOuter()
                    }
                case 2:
                    let e0 = es[0], e1 = es[1], s0 = innerStride(0), s1 = innerStride(1)
                    while o < outSize {
                        var q0 = ix[0], q1 = ix[1]
                        for j in 0..<inner {
                            var sum = 0.0
                            var p0 = q0, p1 = q1
                            for _ in 0..<ce { sum += base[p0] * base[p1]; p0 += e0; p1 += e1 }
                            res[o + j] = sum
                            q0 += s0
                            q1 += s1
                        }
                        o += inner
                        advanceOuter()
                    }
                case 3:
                    let e0 = es[0], e1 = es[1], e2 = es[2]
                    let s0 = innerStride(0), s1 = innerStride(1), s2 = innerStride(2)
                    while o < outSize {
                        var q0 = ix[0], q1 = ix[1], q2 = ix[2]
                        for j in 0..<inner {
                            var sum = 0.0
                            var p0 = q0, p1 = q1, p2 = q2
                            for _ in 0..<ce { sum += base[p0] * base[p1] * base[p2]; p0 += e0; p1 += e1; p2 += e2 }
                            res[o + j] = sum
                            q0 += s0
                            q1 += s1
                            q2 += s2
                        }
                        o += inner
                        advanceOuter()
                    }
                default:
                    while o < outSize {
                        for j in 0..<inner {
                            var sum = 0.0
                            for s in 0..<ce {
                                var prod = 1.0
                                for fi in 0..<nf { prod *= base[ix[fi] + j * innerStride(fi) + s * es[fi]] }
                                sum += prod
                            }
                            res[o + j] = sum
                        }
                        o += inner
                        advanceOuter()
                    }
                }
            }
        }
        return factors.count - 1
    }
}
