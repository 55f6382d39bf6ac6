/// Per-user top-K ranking metrics with binary relevance (docs/evaluation.md, recommendation protocol).
///
/// `ranked` is a user's recommendation list, best first, already without the user's training
/// positives; `relevant` is the user's test positives, sorted ascending and without duplicates.
/// Only the first `k` entries of `ranked` count.
public enum RankingMetrics {
    /// Number of the first `k` ranked items that are relevant.
    public static func hits(ranked: [Int32], relevant: [Int32], k: Int) -> Int {
        var n = 0
        for item in ranked.prefix(k) where contains(relevant, item) { n += 1 }
        return n
    }

    /// hits@k / |relevant| (0 when nothing is relevant).
    public static func recall(ranked: [Int32], relevant: [Int32], k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        return Double(hits(ranked: ranked, relevant: relevant, k: k)) / Double(relevant.count)
    }

    /// 1 if any of the first `k` ranked items is relevant, else 0.
    public static func hitRate(ranked: [Int32], relevant: [Int32], k: Int) -> Double {
        hits(ranked: ranked, relevant: relevant, k: k) > 0 ? 1 : 0
    }

    /// Σ_{r ≤ k, item r relevant} 1 / log₂(r + 1), ranks r from 1.
    public static func dcg(ranked: [Int32], relevant: [Int32], k: Int) -> Double {
        var s = 0.0
        for (i, item) in ranked.prefix(k).enumerated() where contains(relevant, item) {
            s += 1 / log2(Double(i + 2))
        }
        return s
    }

    /// The best possible DCG@k: `min(k, relevantCount)` hits at the top.
    public static func idealDCG(relevantCount: Int, k: Int) -> Double {
        var s = 0.0
        for i in 0..<min(k, relevantCount) { s += 1 / log2(Double(i + 2)) }
        return s
    }

    /// DCG@k / IDCG@k with IDCG over `min(k, |relevant|)` hits (0 when nothing is relevant).
    public static func ndcg(ranked: [Int32], relevant: [Int32], k: Int) -> Double {
        let ideal = idealDCG(relevantCount: relevant.count, k: k)
        return ideal > 0 ? dcg(ranked: ranked, relevant: relevant, k: k) / ideal : 0
    }

    /// Binary search in a sorted array.
    @inline(__always)
    static func contains(_ sorted: [Int32], _ x: Int32) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == x
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
