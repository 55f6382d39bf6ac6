import Store

/// How much each kind of feedback adds to a user's history (the weight of the item's row of `M`
/// in the user's scores). A user–item pair holds one weight: the largest positive weight of its
/// events so far, or −``dislike`` after a dislike (until a later positive event).
public struct FeedbackWeights: Sendable, Equatable, Codable {
    public var view: Float = 0.2
    public var click: Float = 0.4
    public var like: Float = 1
    public var purchase: Float = 1
    /// Subtracted: a disliked item's row is taken away from the user's scores.
    public var dislike: Float = 0.5
    /// A rating ≥ ``ratingThreshold`` weighs ``rating``; a lower one ``lowRating`` (0: the item is
    /// only marked as seen; negative: it pushes away like a dislike).
    public var rating: Float = 1
    public var ratingThreshold: Double = 4
    public var lowRating: Float = 0

    public init() {}

    /// The weight of one event (negative for pushing away).
    public func weight(_ kind: FeedbackKind, value: Double?) -> Float {
        switch kind {
        case .view: return view
        case .click: return click
        case .like: return like
        case .purchase: return purchase
        case .dislike: return -dislike
        case .rating: return (value ?? 0) >= ratingThreshold ? rating : lowRating
        }
    }
}

/// Settings of ``OnlineRecommender``. Defaults chosen on the MovieLens-100K temporal validation
/// split (temporal_valtrain → temporal_val, prequential NDCG@10 with `kgrec eval stream`): history
/// decay γ = 0.8 (NDCG@10 .071 at γ = 1, .084 at .95, .088 at .9, .089 at .8, .088 at .7), online
/// events weighing 4× training history (.0893 → .0902, returning users .054 → .060), warm-up k = 0
/// (k = 0.5, 1, 2, 4, 8 all lower: once a user has one positive item the item–item scores beat
/// the prior; the prior decides only the first event, where the Bayes-net prior's hit@10 is .133
/// against .096 for popularity), 20 KG neighbours for items without training data (.0885 without).
public struct OnlineConfiguration: Sendable, Equatable, Codable {
    public var weights = FeedbackWeights()
    /// k in the cold → warm blend α(n) = n / (n + k), n = the user's positively weighted items:
    /// score = α · warm/‖warm‖∞ + (1 − α) · prior/‖prior‖∞. 0 = warm only as soon as n ≥ 1.
    public var warmupItems: Double = 0
    /// Weight of events learnt online relative to training history (1 = the same); above 1
    /// favours a user's recent interests.
    public var recentWeight: Float = 4
    /// γ: every event of a user multiplies the weights of their earlier history by γ (1 = no decay).
    public var historyDecay: Float = 0.8
    /// A user new to the model is added to the cold-start network's counts (one row: attributes,
    /// nearest taste cluster of their profile) once they have this many positive items.
    public var bayesAbsorbAfter: Int = 10
    /// Items without training interactions get `M`'s row and column from up to this many KG
    /// neighbours (items sharing a KG feature); 0 = off.
    public var newItemNeighbours: Int = 20
    /// Scale of the neighbour-derived column of an item without interactions (its row is the
    /// plain neighbour mean).
    public var newItemShrink: Float = 0.5
    /// KG features held by more items than this are ignored when finding neighbours.
    public var hubCap: Int = 200

    public init() {}
}
