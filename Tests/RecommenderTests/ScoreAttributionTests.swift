import Embedding
import Testing
@testable import Recommender

@Suite struct ScoreAttributionTests {
    typealias Fixture = ImplicitALSFoldInTests

    static func trained() throws -> (HybridRecommender, HybridConfiguration) {
        let c = Fixture.configuration
        let (model, _) = try HybridTrainer.train(Fixture.interactions(), knowledgeGraph: nil, configuration: c)
        return (model, c)
    }

    @Test func scoreIsTheRankingScore() throws {
        let (model, c) = try Self.trained()
        let a = ScoreAttribution(recommender: model, configuration: c)
        for u in [0, 7, 33] {
            let all = a.scores(user: u)
            for r in model.recommend(user: u, k: 10) {
                #expect(a.score(user: u, item: Int(r.item)) == Double(r.score))
                #expect(all[Int(r.item)] == r.score)
            }
        }
    }

    /// Hu, Koren & Volinsky's decomposition is exact: the per-item ALS shares add up to the
    /// re-solved user vector's score of the target.
    @Test func alsSharesSumToTheResolvedScore() throws {
        let (model, c) = try Self.trained()
        var foldIn = try #require(try ImplicitALSFoldIn(model: model, configuration: c))
        let x = model.interactions
        for u in 0..<x.userCount where u % 5 == 0 {
            let items = Array(x.items(of: u))
            var history: [Int32: Float] = [:]
            for i in items { history[i] = 1 }
            try foldIn.refresh(user: Int32(u), history: history)
            let solved = try #require(foldIn.foldedVector(user: Int32(u)))
            let targets = [0, 13, 27, 39]
            let shares = try foldIn.contributions(positives: items.map { ($0, 1.0) }, targets: targets)
            for (t, j) in targets.enumerated() {
                let y = model.embedding!.itemVector(j)
                var direct = 0.0
                for k in 0..<foldIn.alsDimension { direct += foldIn.sliceScale * solved[k] * Double(y[k]) }
                let sum = shares[t].reduce(0, +)
                #expect(abs(sum - direct) <= 1e-9 * max(1, abs(direct)), "user \(u) item \(j): \(sum) vs \(direct)")
            }
        }
    }

    /// The sources carry the item–item part exactly and the ALS part up to the scale fit; what is
    /// left of the score is the item bias (popularity penalty).
    @Test func sourcesAccountForTheScoreButTheItemBias() throws {
        let (model, c) = try Self.trained()
        let a = ScoreAttribution(recommender: model, configuration: c)
        let scorer = try #require(model.embedding)
        #expect(a.vectorPart != nil && a.vectorPartUnavailable == nil)
        var gap = 0.0, scale = 0.0
        for u in 0..<model.interactions.userCount {
            let all = a.scores(user: u)
            let targets = Array(0..<model.itemCount)
            let sources = a.sources(user: u, items: targets)
            for j in targets {
                #expect(sources[j].map(\.item) == Array(model.interactions.items(of: u)))
                let explained = sources[j].reduce(0) { $0 + $1.contribution }
                let rest = Double(all[j]) - Double(model.embeddingWeight) * Double(scorer.itemBias[j])
                gap += abs(explained - rest)
                scale += abs(rest)
            }
        }
        #expect(gap / scale < 0.05, "mean relative gap \(gap / scale)")
    }

    /// Without the ALS share the item–item terms alone do not add up to the score (the default
    /// gives ALS half the blend) — the reason the attribution has it.
    @Test func itemPartAloneMissesTheALSHalf() throws {
        let (model, c) = try Self.trained()
        let full = ScoreAttribution(recommender: model, configuration: c)
        let itemOnly = ScoreAttribution(recommender: model, vectorPart: nil)
        var fullGap = 0.0, itemGap = 0.0
        for u in 0..<model.interactions.userCount {
            let all = full.scores(user: u)
            for r in model.recommend(user: u, k: 5) {
                let j = Int(r.item)
                let rest = Double(all[j]) - Double(model.embeddingWeight) * Double(model.embedding!.itemBias[j])
                fullGap += abs(full.sources(user: u, item: j).reduce(0) { $0 + $1.contribution } - rest)
                itemGap += abs(itemOnly.sources(user: u, item: j).reduce(0) { $0 + $1.contribution } - rest)
            }
        }
        #expect(fullGap * 5 < itemGap, "gap with the ALS share \(fullGap), item part only \(itemGap)")
    }

    /// Positives of the user's own taste carry most of the ALS share of an item of that taste.
    @Test func alsShareFollowsTheLatentSimilarity() throws {
        let (model, c) = try Self.trained()
        let foldIn = try #require(try ImplicitALSFoldIn(model: model, configuration: c))
        let x = model.interactions
        var own = 0.0, other = 0.0, ownCount = 0, otherCount = 0
        for u in 0..<x.userCount {
            let taste = u % 4
            let items = Array(x.items(of: u))
            let target = taste * 10 + 9 - u % 10  // an item of the user's taste
            guard !items.contains(Int32(target)) else { continue }
            let shares = try foldIn.contributions(positives: items.map { ($0, 1.0) }, targets: [target])[0]
            for (k, i) in items.enumerated() {
                if Int(i) / 10 == taste { own += shares[k]; ownCount += 1 } else { other += shares[k]; otherCount += 1 }
            }
        }
        #expect(ownCount > 0 && otherCount > 0)
        #expect(own / Double(ownCount) > 3 * max(other / Double(otherCount), 0), "own \(own / Double(ownCount)), other \(other / Double(otherCount))")
    }

    @Test func modelWithoutALSPartIsAttributedByItsItemPart() throws {
        var c = Fixture.configuration
        c.alsWeight = 0
        let (model, _) = try HybridTrainer.train(Fixture.interactions(), knowledgeGraph: nil, configuration: c)
        let a = ScoreAttribution(recommender: model, configuration: c)
        #expect(a.vectorPart == nil && a.vectorPartUnavailable == nil)
        let u = 4
        let all = a.scores(user: u)
        for j in [1, 20, 35] {
            let s = a.sources(user: u, item: j)
            for source in s { #expect(source.contribution == Double(model.matrixWeight) * Double(model.matrix[Int(source.item) * model.stride + j])) }
            #expect(abs(s.reduce(0) { $0 + $1.contribution } - Double(all[j])) <= 1e-5 * max(1, abs(Double(all[j]))))
        }
    }
}
