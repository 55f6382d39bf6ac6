import Store
import Testing
@testable import Recommender

@Suite struct OnlinePrequentialTests {
    /// M rows: 0 → [0, 1, 2, 0], 1 → [1, 0, 0, 3], 2 → [2, 0, 0, 1], 3 → [0, 3, 1, 0]; user "a"
    /// trained on item 0; the stream: a likes 2 (t = 1), then 3 (t = 2), then 1 (t = 3).
    static func run(_ mode: StreamUpdateMode) throws -> PrequentialReport {
        let x = InteractionMatrix(userCount: 2, itemCount: 4, pairs: [(0, 0), (1, 1)])
        let users = LabelIndex(["a", "b"]), items = LabelIndex(["i0", "i1", "i2", "i3"])
        let events = [(3, "i1"), (1, "i2"), (2, "i3")].map { (t, item) in
            PrequentialStream.Event(line: t, event: FeedbackEvent(eventID: "e\(t)", user: "a", item: item, kind: .rating, value: 5,
                                                                   timestamp: Double(t)))
        }
        let stream = PrequentialStream(events: events)
        #expect(stream.events.map(\.event.item) == ["i2", "i3", "i1"])  // time order
        var c = OnlineConfiguration()
        c.warmupItems = 0
        c.historyDecay = 1
        c.recentWeight = 1
        c.newItemNeighbours = 0
        return try PrequentialEvaluator(cutoff: 1).run(train: x, users: users, items: items, stream: stream, mode: mode) { m, u in
            var w = [Double](repeating: 0, count: 16)
            let rows: [[Double]] = [[0, 1, 2, 0], [1, 0, 0, 3], [2, 0, 0, 1], [0, 3, 1, 0]]
            for i in 0..<4 { for j in 0..<4 { w[i * 4 + j] = rows[i][j] } }
            return (OnlineRecommender(model: HybridRecommender(weights: w, interactions: m), users: u, items: items,
                                      knowledgeGraph: nil, prior: nil, configuration: c), 0)
        }
    }

    @Test func testThenTrainRanksAgainstUnseenItemsOnly() throws {
        // Static: scores stay M[0] = [0, 1, 2, 0]. Event 1 (i2): rank 0. Event 2 (i3, i0 and i2 seen):
        // i1 scores 1 > 0 → rank 1. Event 3 (i1, only i1 left): rank 0.
        let none = try Self.run(.none)
        #expect(none.all.events == 3)
        #expect(none.all.hits == 2)
        #expect(abs(none.all.meanReciprocalRank - (1 + 0.5 + 1) / 3) < 1e-12)
        #expect(none.updateSeconds.count == 3)
        // Online: after i2 the scores are M[0] + M[2] = [2, 1, 2, 1]; i3 (1) ties i1 (1) and loses the
        // tie to the smaller id → rank 1 as well; then i1 is the only item left.
        let online = try Self.run(.online)
        #expect(online.all.hits == 2)
        // Every event is a returning user's (a had training items); buckets count prior positives 1, 2, 3.
        #expect(online.returning.events == 3 && online.new.events == 0)
        #expect(online.allByPriorEvents.map(\.events) == [0, 3, 0, 0])
        // Retrain after every event: the model is rebuilt with a's stream items (3 builds in all).
        let retrain = try Self.run(.retrainEvery(1))
        #expect(retrain.retrains == 3)
        #expect(retrain.all.events == 3)
    }
}
