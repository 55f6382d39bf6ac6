import Recommender
import Store

/// Online learning between retrains: an ``OnlineRecommender`` over the served hybrid model that
/// follows the feedback log. It is built the first time feedback arrives for a model (from the
/// model plus the log after the model's `last_event_seq`), then catches up with the log after
/// every accepted batch; a hot swap to another model rebuilds it for that model. Users who got
/// feedback since the model was trained are ranked by it; everyone else by the model itself.
public actor OnlineUpdates {
    private var modelID: Int?
    private var online: OnlineRecommender?
    /// External ids of users with events applied on top of the model.
    private var updatedUsers = Set<String>()

    public init() {}

    /// Brings the online state of `model` up to the end of the log.
    public func catchUp(model: ServingModel, sink: FeedbackSink) async throws {
        if modelID != model.record.id || online == nil {
            online = OnlineRecommender(
                model: model.recommender, users: model.catalogue.users, items: LabelIndex(model.catalogue.items.labels.prefix(model.itemCount)),
                knowledgeGraph: model.catalogue.knowledgeGraph, prior: nil, lastEventSeq: Int64(model.record.lastEventSeq))
            modelID = model.record.id
            updatedUsers = []
        }
        let events = try await sink.events(after: online!.lastAppliedSeq)
        try online!.replay(events)
        for e in events { updatedUsers.insert(e.event.user) }
    }

    /// The online top-k of `user` when they have feedback on top of `model`, else nil.
    public func recommend(user: String, k: Int, model: ServingModel) throws -> [ScoredItem]? {
        guard modelID == model.record.id, let online, updatedUsers.contains(user) else { return nil }
        return try online.recommend(user: online.userID(user), k: k)
    }
}
