import Embedding
import Testing
@testable import Recommender

@Suite struct TopKSelectorTests {
    func fullSort(_ scores: [Float], k: Int) -> [ScoredItem] {
        let all = scores.enumerated().filter { $0.element > -.infinity }.map { ScoredItem(item: Int32($0.offset), score: $0.element) }
        return Array(all.sorted { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }.prefix(k))
    }

    @Test func matchesFullSortOnRandomScoresWithTiesAndExclusions() {
        var rng = Xoshiro256StarStar(seed: 7)
        for trial in 0..<200 {
            let n = 1 + rng.next(below: 300)
            // Few distinct values so ties are common; some −∞ (excluded items).
            var scores = (0..<n).map { _ in Float(rng.next(below: 20)) / 4 }
            for _ in 0..<rng.next(below: max(1, n / 3)) { scores[rng.next(below: n)] = -.infinity }
            let k = [1, 3, 10, 20, n + 5][trial % 5]
            let got = scores.withUnsafeBufferPointer { TopKSelector.select($0, k: k) }
            #expect(got == fullSort(scores, k: k), "n \(n) k \(k)")
        }
    }

    @Test func edgeCases() {
        let s: [Float] = [.nan, -.infinity, 1, 2]
        #expect(s.withUnsafeBufferPointer { TopKSelector.select($0, k: 0) }.isEmpty)
        #expect(s.withUnsafeBufferPointer { TopKSelector.select($0, k: 4) } == [ScoredItem(item: 3, score: 2), ScoredItem(item: 2, score: 1)])
    }
}
