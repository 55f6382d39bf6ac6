/// Discretisation of a numeric user attribute (e.g. RecBole's raw `age`) into ordered bins, so a
/// store imported straight from RecBole atomic files can be used for cold start.
///
/// Edges e₁ < e₂ < … < eₙ give n + 1 states: `<e₁`, `[e₁,e₂)`, …, `>=eₙ`.
public struct ColdStartAttributeBins: Sendable, Equatable {
    /// Ascending, distinct bin edges.
    public let edges: [Double]

    /// Bins with the given edges (sorted and de-duplicated here).
    public init(edges: [Double]) {
        self.edges = Array(Set(edges.filter(\.isFinite))).sorted()
    }

    /// Equal-frequency bins: edges at the `count`-quantiles of `values` (ties can merge bins).
    public static func equalFrequency(_ values: [Double], count: Int) -> ColdStartAttributeBins {
        let sorted = values.filter(\.isFinite).sorted()
        guard count > 1, !sorted.isEmpty else { return ColdStartAttributeBins(edges: []) }
        var edges: [Double] = []
        for q in 1..<count {
            let e = sorted[min(sorted.count - 1, q * sorted.count / count)]
            // An edge equal to the minimum would leave the first bin empty.
            if e > sorted[0] { edges.append(e) }
        }
        return ColdStartAttributeBins(edges: edges)
    }

    /// State labels, one per bin.
    public var labels: [String] {
        guard !edges.isEmpty else { return ["all"] }
        var out = ["<\(Self.format(edges[0]))"]
        for k in 1..<edges.count { out.append("[\(Self.format(edges[k - 1])),\(Self.format(edges[k])))") }
        out.append(">=\(Self.format(edges[edges.count - 1]))")
        return out
    }

    /// The bin (state index) of a value.
    public func state(of x: Double) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if x >= edges[mid] { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
