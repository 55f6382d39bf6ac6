import Embedding
import Foundation
import Store
import Testing
@testable import Recommender

@Suite struct ImplicitALSFoldInTests {
    static let userCount = 60, itemCount = 40

    /// 60 users with one of 4 tastes (10 items each): 6–10 positives, mostly of their taste.
    static func interactions(seed: UInt64 = 3) -> InteractionMatrix {
        var rng = Xoshiro256StarStar(seed: seed)
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<userCount {
            let taste = u % 4
            var items = Set<Int32>()
            let n = 6 + Int(rng.next() % 5)
            while items.count < n {
                let own = rng.next() % 5 != 0
                let i = own ? taste * 10 + Int(rng.next() % 10) : Int(rng.next() % UInt64(itemCount))
                items.insert(Int32(i))
            }
            for i in items.sorted() { pairs.append((Int32(u), i)) }
        }
        return InteractionMatrix(userCount: userCount, itemCount: itemCount, pairs: pairs)
    }

    /// The default blend (autoencoder + implicit ALS + popularity penalty), scaled down.
    static var configuration: HybridConfiguration {
        var c = HybridConfiguration()
        c.l2 = 20
        c.propagationWeight = 0
        c.als.dimension = 6
        c.als.regularization = 2
        c.als.iterations = 15
        return c
    }

    static func online(_ model: HybridRecommender, foldIn: ImplicitALSFoldIn?, decay: Float = 0.8) -> OnlineRecommender {
        var c = OnlineConfiguration()
        c.historyDecay = decay
        c.newItemNeighbours = 0
        let users = LabelIndex((0..<model.interactions.userCount).map { "u\($0)" })
        let items = LabelIndex((0..<model.itemCount).map { "i\($0)" })
        let m = OnlineRecommender(model: model, users: users, items: items, knowledgeGraph: nil, prior: nil, configuration: c)
        m.userVectors = foldIn
        return m
    }

    static func event(_ user: String, _ item: String, _ kind: FeedbackKind) -> FeedbackEvent {
        FeedbackEvent(eventID: UUID().uuidString, user: user, item: item, kind: kind, value: nil, timestamp: 0)
    }

    static func scores(_ m: OnlineRecommender, _ user: Int32) throws -> [Float] {
        var out = [Float](repeating: 0, count: m.itemCount)
        try out.withUnsafeMutableBufferPointer { try m.scores(user: user, into: $0) }
        return out
    }

    @Test func usersWithoutFeedbackAreRankedAsByTheOfflineModel() throws {
        let x = Self.interactions()
        let c = Self.configuration
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        let foldIn = try #require(try ImplicitALSFoldIn(model: model, configuration: c))
        let online = Self.online(model, foldIn: foldIn)
        let itemOnly = Self.online(model, foldIn: nil)
        var differsWithoutFoldIn = 0
        for u in 0..<x.userCount {
            let offline = model.recommend(user: u, k: 10).map(\.item)
            #expect(try online.recommend(user: Int32(u), k: 10).map(\.item) == offline, "user \(u)")
            if try itemOnly.recommend(user: Int32(u), k: 10).map(\.item) != offline { differsWithoutFoldIn += 1 }
            // Same scores up to one positive factor per user.
            var reference = [Float](repeating: 0, count: x.itemCount)
            reference.withUnsafeMutableBufferPointer { model.scores(user: u, excludeSeen: false, into: $0) }
            let live = try Self.scores(online, Int32(u))
            let largest = reference.indices.max { abs(reference[$0]) < abs(reference[$1]) }!
            let ratio = live[largest] / reference[largest]
            #expect(ratio > 0)
            for j in 0..<x.itemCount { #expect(abs(live[j] - ratio * reference[j]) <= 1e-4 * abs(ratio) * max(1, abs(reference[j]))) }
        }
        // The vector part matters on this data, so the check above can fail.
        #expect(differsWithoutFoldIn > 0)
    }

    @Test func theRecoveredScaleIsTheTrainersScale() throws {
        let x = Self.interactions()
        let c = Self.configuration
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        let foldIn = try #require(try ImplicitALSFoldIn(model: model, configuration: c))
        // The trainer's scale: alsWeight / s_A, s_A = mean max |score| of the unscaled ALS factors.
        let (users, items) = try ImplicitALS.fit(x, settings: c.als, seed: c.seed)
        let scorer = DotProductScorer(dimension: c.als.dimension, users: users.map { Float($0) }, items: items.map { Float($0) })
        let expected = c.alsWeight / HybridTrainer.meanMaximumScore(scorer, x)
        #expect(abs(foldIn.sliceScale / expected - 1) < 0.02, "recovered \(foldIn.sliceScale), trained \(expected)")
        #expect(foldIn.scaleFitResidual < 0.01)
        #expect(foldIn.scaleFitUsers == x.userCount)
        // The same from a saved and reloaded model file.
        let reloaded = try HybridModelFile.decode(HybridModelFile.encode(model), path: "memory")
        let again = try #require(try ImplicitALSFoldIn(model: reloaded, configuration: c))
        #expect(again.sliceScale == foldIn.sliceScale)
    }

    @Test func theFoldedVectorIsADirectSolveOfTheHistory() throws {
        let x = Self.interactions()
        let c = Self.configuration
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        let foldIn = try #require(try ImplicitALSFoldIn(model: model, configuration: c))
        let online = Self.online(model, foldIn: foldIn, decay: 0.8)
        let itemOnly = Self.online(model, foldIn: nil, decay: 0.8)
        let training = x.items(of: 0).map { Int($0) }
        let fresh = (0..<x.itemCount).filter { !training.contains($0) }
        let events: [(Int, FeedbackKind)] = [(fresh[0], .like), (fresh[1], .view), (fresh[2], .dislike), (fresh[3], .click)]
        for (i, kind) in events {
            try online.apply(Self.event("u0", "i\(i)", kind))
            try itemOnly.apply(Self.event("u0", "i\(i)", kind))
        }
        // Weights after 4 events, γ = 0.8, online events ×4 (recentWeight), dislikes −0.5 unscaled.
        let w = OnlineConfiguration().weights
        var weight = [Double](repeating: 0, count: x.itemCount)
        for i in training { weight[i] = pow(0.8, 4) }
        weight[fresh[0]] = 4 * Double(w.like) * pow(0.8, 3)
        weight[fresh[1]] = 4 * Double(w.view) * pow(0.8, 2)
        weight[fresh[2]] = -Double(w.dislike) * 0.8
        weight[fresh[3]] = 4 * Double(w.click)
        // Direct solve, every cell visited: (Σ_j c_j y_j y_jᵀ + λI) x = Σ_{j: w_j > 0} c_j y_j.
        let d = c.als.dimension, s = c.als
        let scorer = try #require(model.embedding)
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        for j in 0..<x.itemCount {
            let y = scorer.itemVector(j).prefix(d).map { Double($0) }
            let positive = weight[j] > 0
            let conf = positive ? 1 + s.confidence * weight[j] : 1
            for p in 0..<d {
                if positive { b[p] += conf * y[p] }
                for q in 0..<d { a[p * d + q] += conf * y[p] * y[q] }
            }
        }
        for p in 0..<d { a[p * d + p] += s.regularization }
        try DenseCholesky.factor(&a, n: d)
        DenseCholesky.solveFactored(a, n: d, &b)
        #expect((online.userVectors as? ImplicitALSFoldIn)?.foldedVector(user: 0) == nil)  // refreshed lazily
        try online.refreshPendingVectors()
        let folded = try #require((online.userVectors as? ImplicitALSFoldIn)?.foldedVector(user: 0))
        let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for t in 0..<d { #expect(abs(folded[t] - b[t]) <= 1e-5 * norm, "component \(t): \(folded[t]) vs \(b[t])") }
        // The scores are the item–item part plus that vector's term on the item–item part's scale:
        // (a·acc + a·(e/m)·(⟨s·x, v_j⟩ + bias_j)), a = 1/‖acc‖∞.
        let withVector = try Self.scores(online, 0), without = try Self.scores(itemOnly, 0)
        var acc = [Double](repeating: 0, count: x.itemCount)
        for i in 0..<x.itemCount where weight[i] != 0 {
            for j in 0..<x.itemCount { acc[j] += Double(Float(weight[i])) * Double(model.matrix[i * model.stride + j]) }
        }
        let top = acc.map(abs).max()!
        let relative = Double(model.embeddingWeight / model.matrixWeight)
        for j in 0..<x.itemCount {
            let v = scorer.itemVector(j).prefix(d).map { Double($0) }
            var term = Double(scorer.itemBias[j])
            for t in 0..<d { term += foldIn.sliceScale * b[t] * v[t] }
            let expected = relative * term / top
            #expect(abs(Double(withVector[j] - without[j]) - expected) <= 1e-4 * max(1, abs(expected)), "item \(j)")
        }
    }

    @Test func replayIsDeterministicAndTheDigestCoversTheFoldIn() throws {
        let x = Self.interactions()
        let c = Self.configuration
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        func fresh() throws -> OnlineRecommender { Self.online(model, foldIn: try ImplicitALSFoldIn(model: model, configuration: c)) }
        var rng = Xoshiro256StarStar(seed: 11)
        let kinds: [FeedbackKind] = [.like, .view, .click, .dislike, .purchase]
        var log: [StoredFeedbackEvent] = []
        for seq in 1...200 {
            // Training users and users new to the model ("n0"…).
            let user = rng.next() % 4 == 0 ? "n\(rng.next() % 5)" : "u\(rng.next() % UInt64(Self.userCount))"
            let item = "i\(rng.next() % UInt64(Self.itemCount))"
            let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
            log.append(StoredFeedbackEvent(seq: Int64(seq), event: Self.event(user, item, kind), receivedAt: ""))
        }
        let live = try fresh()
        try live.replay(Array(log.prefix(120)))
        let snapshot = live.stateDigest()
        try live.replay(Array(log.suffix(from: 120)))
        let replayed = try fresh()
        try replayed.replay(Array(log.prefix(120)))
        #expect(replayed.stateDigest() == snapshot)
        try replayed.replay(log)  // the first 120 again are ignored (seq at or below lastAppliedSeq)
        #expect(replayed.stateDigest() == live.stateDigest())
        for u in Int32(0)..<Int32(live.userCount) { #expect(try Self.scores(replayed, u) == (try Self.scores(live, u))) }
        // Same events without the fold-in: same item–item state, different digest.
        let plain = Self.online(model, foldIn: nil)
        try plain.replay(log)
        #expect(plain.stateDigest() != live.stateDigest())
        // A user new to the model with a positive event is scored with their folded-in vector.
        let n = try #require(live.users.id("n0"))
        if live.positiveItemCount(user: n) > 0 {
            #expect((live.userVectors as? ImplicitALSFoldIn)?.foldedVector(user: n) != nil)
            #expect(try Self.scores(live, n) != (try Self.scores(plain, try #require(plain.users.id("n0")))))
        }
    }

    @Test func configurationsWithoutALSOrNotMatchingTheModel() throws {
        let x = Self.interactions()
        var c = Self.configuration
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: c)
        var none = c
        none.alsWeight = 0
        #expect(try ImplicitALSFoldIn(model: model, configuration: none) == nil)
        c.als.dimension = 5
        #expect(throws: ImplicitALSFoldInError.dimensionMismatch(scorer: 6, als: 5, jointEmbedding: false)) {
            try ImplicitALSFoldIn(model: model, configuration: c)
        }
        // An item-based model (no vector part) with a configuration claiming ALS.
        let (itemBased, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: .itemBased)
        #expect(throws: ImplicitALSFoldInError.noVectorPart) { try ImplicitALSFoldIn(model: itemBased, configuration: Self.configuration) }
    }
}
