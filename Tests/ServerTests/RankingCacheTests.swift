import Recommender
import Server
import Testing

/// The serving cache of ranked lists answers exactly what ranking with `k` directly answers.
@Suite struct RankingCacheTests {
    /// Scores with many ties (a few distinct values), so the tie order (item id ascending) matters.
    private static func scores(seed: UInt64, count: Int) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float((state >> 33) % 7) / 7
        }
    }

    private static func rank(_ scores: [Float], _ k: Int) -> [ScoredItem] {
        scores.withUnsafeBufferPointer { TopKSelector.select($0, k: k) }
    }

    @Test func cachedPrefixEqualsDirectTopKForEveryK() {
        let cache = RankingCache<Int>(depth: 20, capacity: 100)
        for user in 0..<5 {
            let s = Self.scores(seed: UInt64(user + 1), count: 300)
            for k in 1...20 {
                let cached = cache.topK(user, k: k) { n in Self.rank(s, n) }
                #expect(cached == Self.rank(s, k), "user \(user) k \(k)")
            }
        }
        #expect(cache.count == 5)
    }

    @Test func largerKBypassesTheCacheAndFullCacheStopsStoring() {
        let cache = RankingCache<Int>(depth: 10, capacity: 2)
        var calls: [Int] = []
        let s = Self.scores(seed: 9, count: 50)
        _ = cache.topK(0, k: 30) { n in calls.append(n); return Self.rank(s, n) }
        #expect(calls == [30] && cache.count == 0)
        for key in 0..<3 { _ = cache.topK(key, k: 5) { n in calls.append(n); return Self.rank(s, n) } }
        #expect(cache.count == 2)
        calls = []
        _ = cache.topK(1, k: 3) { n in calls.append(n); return Self.rank(s, n) }   // stored: no ranking
        _ = cache.topK(2, k: 3) { n in calls.append(n); return Self.rank(s, n) }   // not stored (cache was full)
        #expect(calls == [10])
    }

    struct Refused: Error, Equatable {}

    @Test func aFailedRankingIsPassedOnAndNotStored() {
        let cache = RankingCache<String>(depth: 10, capacity: 10)
        #expect(throws: Refused.self) {
            try cache.topK("x", k: 3) { (_: Int) throws(Refused) -> [ScoredItem] in throw Refused() }
        }
        #expect(cache.count == 0)
    }

    @Test func depthZeroDisablesTheCache() {
        let cache = RankingCache<Int>(depth: 0, capacity: 10)
        var calls = 0
        let s = Self.scores(seed: 3, count: 40)
        for _ in 0..<3 { _ = cache.topK(0, k: 4) { n in calls += 1; return Self.rank(s, n) } }
        #expect(calls == 3 && cache.count == 0)
    }
}
