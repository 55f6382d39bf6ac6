/// Extension point for the joint-embedding part of the model: a per-user vector folded in online.
///
/// ``OnlineRecommender`` implements the item–item part itself (a user's history is the state; an
/// event adds or removes one row of `M`, so scores change at once and exactly). A model with user
/// and item vectors (BPR + TransE) plugs in here: after each event the updater refines the user's
/// vector — a few SGD or closed-form steps on the user's recent events plus a replay sample of
/// their history, item vectors fixed or moving slowly, regularised toward the last full model's
/// vector to guard against drift and forgetting — and adds its score term to the blended scores.
///
/// Contract (so log replay stays deterministic): `foldIn` must depend only on its arguments and the
/// updater's own state, with any sampling driven by a seeded generator advanced once per call;
/// work per call must be bounded (independent of the log length).
public protocol UserVectorFoldIn {
    /// Learns from one event of `user` (dense id). `history` is the user's current item → weight map
    /// after the event (replay samples are drawn from it).
    mutating func foldIn(user: Int32, item: Int32, weight: Float, history: [Int32: Float])
    /// Adds this part's scores for `user` into `scores` (`itemCount` values, already holding the
    /// item–item part scaled to ‖·‖∞ = 1).
    func addScores(user: Int32, into scores: UnsafeMutableBufferPointer<Float>)
}
