import Embedding
import Foundation
import Store
import Testing
@testable import Recommender

@Suite struct OnlineRecommenderTests {
    /// M rows: 0 → [0, 1, 2, 0], 1 → [1, 0, 0, 3], 2 → [2, 0, 0, 1], 3 → [0, 3, 1, 0];
    /// training: user "a" holds item 0, user "b" item 2.
    static func tinyModel(warmup: Double = 0) -> OnlineRecommender {
        let x = InteractionMatrix(userCount: 2, itemCount: 4, pairs: [(0, 0), (1, 2)])
        let model = HybridRecommender(weights: [0, 1, 2, 0, 1, 0, 0, 3, 2, 0, 0, 1, 0, 3, 1, 0], interactions: x)
        var c = OnlineConfiguration()
        c.warmupItems = warmup
        c.historyDecay = 1
        c.recentWeight = 1
        c.newItemNeighbours = 0
        c.weights.dislike = 0.5
        return OnlineRecommender(model: model, users: LabelIndex(["a", "b"]), items: LabelIndex(["i0", "i1", "i2", "i3"]),
                                 knowledgeGraph: nil, prior: nil, configuration: c)
    }

    static func scores(_ m: OnlineRecommender, _ user: Int32) throws -> [Float] {
        var out = [Float](repeating: 0, count: m.itemCount)
        try out.withUnsafeMutableBufferPointer { try m.scores(user: user, into: $0) }
        return out
    }

    static func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 }
    }

    static func event(_ user: String, _ item: String, _ kind: FeedbackKind, _ value: Double? = nil, id: String = UUID().uuidString) -> FeedbackEvent {
        FeedbackEvent(eventID: id, user: user, item: item, kind: kind, value: value, timestamp: 0)
    }

    @Test func foldInAddsAndSubtractsRowsOnATinyCase() throws {
        let m = Self.tinyModel()
        // Training history {0}: s = M[0] = [0, 1, 2, 0], scaled by 1/‖s‖∞.
        #expect(Self.close(try Self.scores(m, 0), [0, 0.5, 1, 0]))
        // A like on item 1: s = M[0] + M[1] = [1, 1, 2, 3].
        try m.apply(Self.event("a", "i1", .like))
        #expect(Self.close(try Self.scores(m, 0), [1.0 / 3, 1.0 / 3, 2.0 / 3, 1]))
        #expect(try m.recommend(user: 0, k: 4).map(\.item) == [3, 2])
        // A view of an item already liked changes nothing (a pair keeps its largest positive weight).
        try m.apply(Self.event("a", "i0", .view))
        #expect(Self.close(try Self.scores(m, 0), [1.0 / 3, 1.0 / 3, 2.0 / 3, 1]))
        // A dislike of item 3 subtracts 0.5 · M[3] = [0, 1.5, 0.5, 0]: s = [1, -0.5, 1.5, 3].
        try m.apply(Self.event("a", "i3", .dislike))
        #expect(Self.close(try Self.scores(m, 0), [1.0 / 3, -1.0 / 6, 0.5, 1]))
        #expect(try m.recommend(user: 0, k: 4).map(\.item) == [2])
        #expect(m.positiveItemCount(user: 0) == 2)
        // A rating below the threshold only marks the item as seen.
        try m.apply(Self.event("a", "i2", .rating, 2))
        #expect(try m.recommend(user: 0, k: 4).isEmpty)
        #expect(m.seenItems(user: 0) == [0, 1, 2, 3])
        // Unknown items are skipped and counted; the other user is untouched.
        #expect(try m.apply(Self.event("a", "nope", .like)) == false)
        #expect(m.unknownItemEvents == 1)
        #expect(Self.close(try Self.scores(m, 1), [1, 0, 0, 0.5]))
    }

    @Test func historyDecayWeighsRecentEventsMore() throws {
        let x = InteractionMatrix(userCount: 2, itemCount: 4, pairs: [(0, 0), (1, 2)])
        let model = HybridRecommender(weights: [0, 1, 2, 0, 1, 0, 0, 3, 2, 0, 0, 1, 0, 3, 1, 0], interactions: x)
        var c = OnlineConfiguration()
        c.warmupItems = 0
        c.historyDecay = 0.5
        c.recentWeight = 1
        c.newItemNeighbours = 0
        let m = OnlineRecommender(model: model, users: LabelIndex(["a", "b"]), items: LabelIndex(["i0", "i1", "i2", "i3"]),
                                  knowledgeGraph: nil, prior: nil, configuration: c)
        // Like i1: s = 0.5 · M[0] + M[1] = [1, 0.5, 1, 3].
        try m.apply(Self.event("a", "i1", .like))
        #expect(Self.close(try Self.scores(m, 0), [1.0 / 3, 0.5 / 3, 1.0 / 3, 1]))
        // View i0: everything halves; i0's decayed weight 0.25 beats the view's 0.2, so nothing is added.
        try m.apply(Self.event("a", "i0", .view))
        #expect(Self.close(try Self.scores(m, 0), [1.0 / 3, 0.5 / 3, 1.0 / 3, 1]))
        // Like i0 again: s = 0.5 · [0.5, 0.25, 0.5, 1.5] + (1 − 0.125) · M[0] = [0.25, 1, 2, 0.75].
        try m.apply(Self.event("a", "i0", .like))
        #expect(Self.close(try Self.scores(m, 0), [0.125, 0.5, 1, 0.375]))
    }

    @Test func newUserMovesFromThePriorToWarmScores() throws {
        let m = Self.tinyModel(warmup: 2)
        // No prior: popularity (items 0 and 2 have one training user each).
        let u = m.userID("new")
        #expect(u == 2)
        #expect(!m.isTrainedUser(u))
        #expect(Self.close(try Self.scores(m, u), [1, 0, 1, 0]))
        // One like on item 3: α = 1/(1+2); warm M[3]/3 = [0, 1, 1/3, 0]; prior [1, 0, 1, 0].
        try m.apply(Self.event("new", "i3", .like))
        let a: Float = 1.0 / 3
        #expect(Self.close(try Self.scores(m, u), [(1 - a), a, a / 3 + (1 - a), 0]))
        // Many likes: α → 1.
        for _ in 0..<3 { try m.apply(Self.event("new", "i1", .like)) }
        #expect(m.positiveItemCount(user: u) == 2)
        let b: Float = 0.5  // n = 2, k = 2; warm = M[3] + M[1] = [1, 3, 1, 3] / 3
        #expect(Self.close(try Self.scores(m, u), [b / 3 + (1 - b), b, b / 3 + (1 - b), b]))
    }

    @Test func itemsWithoutTrainingDataTakeTheirKGNeighboursColumns() throws {
        // Items 1 and 3 share the feature (r, X); items 0 and 2 share (r, Y). Item 3 has no users.
        var vocabulary = TripleVocabulary()
        let e = (0..<4).map { vocabulary.entityID("e\($0)") }
        let x = vocabulary.entityID("X"), y = vocabulary.entityID("Y"), r = vocabulary.relationID("r")
        let triples = [IndexedTriple(head: e[1], relation: r, tail: x), IndexedTriple(head: e[3], relation: r, tail: x),
                       IndexedTriple(head: e[0], relation: r, tail: y), IndexedTriple(head: e[2], relation: r, tail: y)]
        let kg = ItemKnowledgeGraph(vocabulary: vocabulary, triples: triples, itemEntity: e)
        let interactions = InteractionMatrix(userCount: 2, itemCount: 4, pairs: [(0, 0), (0, 1), (1, 2), (1, 1)])
        // Item 3's row and column are zero, as the autoencoder leaves them.
        let model = HybridRecommender(weights: [0, 1, 2, 0, 4, 0, 5, 0, 2, 6, 0, 0, 0, 0, 0, 0], interactions: interactions)
        var c = OnlineConfiguration()
        c.newItemShrink = 0.5
        c.warmupItems = 0
        c.historyDecay = 1
        let m = OnlineRecommender(model: model, users: LabelIndex(["a", "b"]), items: LabelIndex(["i0", "i1", "i2", "i3"]),
                                  knowledgeGraph: kg, prior: nil, configuration: c)
        #expect(m.kgFilledItems == 1)
        let row3 = (0..<4).map { m.matrix[3 * m.stride + $0] }
        let column3 = (0..<4).map { m.matrix[$0 * m.stride + 3] }
        #expect(row3 == [4, 0, 5, 0])  // row of item 1, diagonal cleared
        #expect(column3 == [0.5, 0, 3, 0])  // 0.5 × column of item 1 = 0.5 × [1, 0, 6, ·]
        // A user who likes the new item now learns from it.
        try m.apply(Self.event("c", "i3", .like))
        #expect(Self.close(try Self.scores(m, 2), [0.8, 0, 1, 0]))
    }

    /// A small trained model with a Bayes-net prior: two taste groups over 20 items (genres A and B),
    /// users' gender = their group.
    static func trainedModel(configuration c: OnlineConfiguration) throws -> (OnlineRecommender, LabelIndex, LabelIndex) {
        var pairs: [(user: Int32, item: Int32)] = []
        for u in 0..<40 { for k in 0..<6 { pairs.append((Int32(u), Int32((u % 2) * 10 + (u * 7 + k * 3) % 10))) } }
        let x = InteractionMatrix(userCount: 40, itemCount: 20, pairs: pairs)
        var hc = HybridConfiguration()
        hc.l2 = 5
        let (model, _) = try HybridTrainer.train(x, knowledgeGraph: nil, configuration: hc)
        let userAttributes = (0..<44).map { ["gender": $0 % 2 == 0 ? "F" : "M", "age_bucket": $0 % 3 == 0 ? "18-24" : "25-34"] }
        let itemAttributes = (0..<20).map { ["class": $0 < 10 ? "A" : "B"] }
        var settings = ColdStartSettings()
        settings.tasteClusters = 2
        let prior = try OnlineColdStartPrior(userAttributes: userAttributes, itemAttributes: itemAttributes,
                                             positives: InteractionMatrix(userCount: 44, itemCount: 20, pairs: pairs), settings: settings)
        let users = LabelIndex((0..<44).map { "u\($0)" })
        let items = LabelIndex((0..<20).map { "i\($0)" })
        let padded = InteractionMatrix(userCount: 44, itemCount: 20, pairs: pairs)
        let live = OnlineRecommender(model: HybridRecommender(weights: Self.weights(of: model), interactions: padded), users: users,
                                     items: items, knowledgeGraph: nil, prior: prior, configuration: c)
        return (live, users, items)
    }

    static func weights(of model: HybridRecommender) -> [Double] {
        var w = [Double](repeating: 0, count: model.itemCount * model.itemCount)
        for i in 0..<model.itemCount { for j in 0..<model.itemCount { w[i * model.itemCount + j] = Double(model.matrix[i * model.stride + j]) } }
        return w
    }

    @Test func replayingTheLogFromASnapshotGivesTheSameState() throws {
        var c = OnlineConfiguration()
        c.bayesAbsorbAfter = 3
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-online-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try KGStore.open(at: dir, create: true)
        let (live, _, _) = try Self.trainedModel(configuration: c)
        let snapshot = live.stateDigest()
        // A deterministic mix of events: returning users, users new to the model (u40…u43 have
        // attributes, x0…x2 none), dislikes, views, low ratings, duplicates and unknown items.
        var rng = SplitMix(state: 7)
        let kinds: [FeedbackKind] = [.view, .click, .like, .purchase, .dislike, .rating]
        for b in 0..<6 {
            var batch: [FeedbackEvent] = []
            for k in 0..<50 {
                let user = rng.next() % 4 == 0 ? "x\(rng.next() % 3)" : "u\(rng.next() % 44)"
                let item = rng.next() % 40 == 0 ? "unknown" : "i\(rng.next() % 20)"
                let kind = kinds[Int(rng.next() % 6)]
                let id = rng.next() % 25 == 0 ? "e\(b)-0" : "e\(b)-\(k)"
                batch.append(FeedbackEvent(eventID: id, user: user, item: item, kind: kind,
                                           value: kind == .rating ? Double(rng.next() % 5 + 1) : nil, timestamp: Double(b * 50 + k)))
            }
            let result = try store.appendEvents(batch)
            // The live model learns each accepted event as it is acknowledged.
            for (e, outcome) in zip(batch, result.outcomes) { if case .accepted(let seq) = outcome { try live.apply(e, seq: seq) } }
        }
        #expect(live.stateDigest() != snapshot)
        #expect(live.prior!.absorbedUsers > 0)

        // Replaying the whole log from the snapshot reproduces the state bit for bit.
        let (replayed, _, _) = try Self.trainedModel(configuration: c)
        #expect(replayed.stateDigest() == snapshot)
        try replayed.replay(try store.events(after: replayed.lastAppliedSeq))
        #expect(replayed.stateDigest() == live.stateDigest())
        #expect(replayed.lastAppliedSeq == (try store.lastEventSeq()))
        for u in Int32(0)..<Int32(live.userCount) { #expect(try Self.scores(replayed, u) == (try Self.scores(live, u))) }
        // Replaying again changes nothing (applied seqs are skipped); so does catching up in pages.
        try replayed.replay(try store.events())
        #expect(replayed.stateDigest() == live.stateDigest())
        let (paged, _, _) = try Self.trainedModel(configuration: c)
        while true {
            let page = try store.events(after: paged.lastAppliedSeq, limit: 37)
            if page.isEmpty { break }
            try paged.replay(page)
        }
        #expect(paged.stateDigest() == live.stateDigest())
    }

    @Test func newUsersEnterTheBayesNetCountsOnce() throws {
        var c = OnlineConfiguration()
        c.bayesAbsorbAfter = 2
        let (m, _, _) = try Self.trainedModel(configuration: c)
        let before = m.prior!.counts.sampleCount
        // u41 (attributes known, no training positives) likes two items of group B.
        try m.apply(Self.event("u41", "i12", .like))
        #expect(m.prior!.counts.sampleCount == before)
        try m.apply(Self.event("u41", "i15", .like))
        #expect(m.prior!.counts.sampleCount == before + 1)
        try m.apply(Self.event("u41", "i16", .like))
        #expect(m.prior!.counts.sampleCount == before + 1)
        // A user without attributes (x) is not counted; a training user never is.
        for i in 0..<3 { try m.apply(Self.event("x", "i\(i)", .like)) }
        try m.apply(Self.event("u0", "i3", .like))
        #expect(m.prior!.counts.sampleCount == before + 1)
    }
}

/// SplitMix64 for test event streams.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
