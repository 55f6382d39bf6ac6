import Recommender

/// The JSON answer of both recommendation endpoints.
struct RecommendationResponse: Encodable {
    /// The store user asked for (absent for an attributes-only request).
    var user: String?
    /// `hybrid` (warm model) or `cold_start` (attributes only).
    var source: String
    /// The attributes the cold-start answer conditioned on (absent for warm answers).
    var attributes: [String: String]?
    var model: ModelSummary
    var k: Int
    var items: [RecommendedItem]

    static func items(_ top: [ScoredItem], _ model: ServingModel) -> [RecommendedItem] {
        top.enumerated().map { rank, s in
            RecommendedItem(rank: rank + 1, item: model.catalogue.items.labels[Int(s.item)],
                            title: model.catalogue.itemTitles[Int(s.item)], score: Double(s.score))
        }
    }
}

/// One ranked item.
struct RecommendedItem: Encodable {
    var rank: Int
    /// External item id, as imported.
    var item: String
    var title: String?
    var score: Double

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(item, forKey: .item)
        try c.encode(title, forKey: .title)
        try c.encode(score, forKey: .score)
    }

    enum CodingKeys: String, CodingKey { case rank, item, title, score }
}

/// Which registered model answered.
struct ModelSummary: Encodable, Equatable {
    var id: Int
    var created_at: String

    init(_ model: ServingModel) {
        id = model.record.id
        created_at = model.record.createdAt
    }
}
