import Embedding
import Testing
@testable import Recommender

@Suite struct HybridRecommenderTests {
    @Test func scoresAreRowSumsAndTopKExcludesSeen() {
        // 3 items; M rows: 0 → [0, 1, 2], 1 → [3, 0, 5], 2 → [1, 1, 0].
        let x = InteractionMatrix(userCount: 2, itemCount: 3, pairs: [(0, 0), (0, 1)])
        let model = HybridRecommender(weights: [0, 1, 2, 3, 0, 5, 1, 1, 0], interactions: x)
        let scores = [Float](unsafeUninitializedCapacity: 3) { b, n in model.scores(user: 0, excludeSeen: false, into: b); n = 3 }
        #expect(scores == [3, 1, 7])
        #expect(model.recommend(user: 0, k: 5) == [ScoredItem(item: 2, score: 7)])
        // A user without training items gets item popularity.
        #expect(model.recommend(user: 1, k: 2).map(\.item) == [0, 1])
    }

    @Test func trainerRecoversCoOccurrenceOnSyntheticData() throws {
        // Two taste groups over 20 items; each user holds 6 of their group's 10 items.
        var rng = Xoshiro256StarStar(seed: 1)
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<60 {
            let group = u % 2
            var chosen = Set<Int>()
            while chosen.count < 6 { chosen.insert(group * 10 + rng.next(below: 10)) }
            for i in chosen { pairs.append((Int32(u), Int32(i))) }
        }
        let x = InteractionMatrix(userCount: 60, itemCount: 20, pairs: pairs)
        var c = HybridConfiguration()
        c.l2 = 5
        c.propagationWeight = 0.3
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        for u in 0..<60 {
            let top = model.recommend(user: u, k: 4)
            #expect(top.allSatisfy { Int($0.item) / 10 == u % 2 }, "user \(u)")
        }
    }
}
