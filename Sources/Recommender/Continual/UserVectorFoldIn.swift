/// Extension point for the vector part of the model (user vectors · item vectors + item biases):
/// per-user state folded in online, scored alongside ``OnlineRecommender``'s item–item part.
///
/// ``OnlineRecommender`` implements the item–item part itself (a user's history is the state; an
/// event adds or removes one row of `M`, so scores change at once and exactly). A model with user
/// and item vectors plugs in here: before the user's scores are needed after one or more events,
/// the updater refreshes the user's vector from their history (``ImplicitALSFoldIn`` re-solves the
/// implicit-ALS slice exactly, item vectors fixed) and adds its score term to the blended scores on
/// the scale of the item–item part, so a user is ranked by the same blend as the offline
/// ``HybridRecommender``. The refresh is lazy — once per ranking of a user whose history changed,
/// not once per event — so a burst of events costs one refresh.
///
/// Contract (so log replay stays deterministic): `refresh` must depend only on its arguments and
/// the updater's own state (iterating `history` in a fixed order, not the dictionary's), with any
/// sampling driven by a seeded generator advanced once per call, and its result must not depend on
/// how many events came in between calls (so lazy and eager refreshes agree); work per call must
/// be bounded (independent of the log length). ``stateDigest()`` covers every piece of state that
/// `refresh` changes, and ``OnlineRecommender/stateDigest()`` refreshes every pending user first
/// and mixes it in.
public protocol UserVectorFoldIn {
    /// Brings `user`'s vector (dense id) up to date with `history`, their current item → weight map
    /// (decayed and scaled as in the item–item part; negative = pushed away).
    mutating func refresh(user: Int32, history: [Int32: Float]) throws
    /// Adds this part's scores for `user` into `scores` (`itemCount` values, already holding the
    /// item–item part). `itemScale` is the factor the user's raw item–item accumulator
    /// `Σ_i w_ui·M[i, ·]` was multiplied by in `scores` (its ‖·‖∞ normalisation times the warm share
    /// α); 0 when the user has no positive item (the vector part is then left out, as offline).
    func addScores(user: Int32, itemScale: Float, into scores: UnsafeMutableBufferPointer<Float>)
    /// A digest of the state `refresh` changes (equal states ⇔ equal digests, for replay checks).
    func stateDigest() -> UInt64
}
