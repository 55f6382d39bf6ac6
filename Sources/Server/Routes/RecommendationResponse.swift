import Recommender

/// The JSON answer of both recommendation endpoints (written by ``json()`` with
/// ``JSONWriter``: this is the hot path, and JSONEncoder cost as much as the ranking).
struct RecommendationResponse {
    /// The store user asked for (absent for an attributes-only request).
    var user: String?
    /// `hybrid` (warm model) or `cold_start` (attributes only).
    var source: String
    /// The attributes the cold-start answer conditioned on (absent for warm answers).
    var attributes: [String: String]?
    var model: ModelSummary
    var k: Int
    var items: [RecommendedItem]

    /// The answer as JSON text, members in sorted order; `user` and `attributes` left out when nil.
    func json() -> [UInt8] {
        var w = JSONWriter(capacity: 256 + 96 * items.count)
        w.beginObject()
        if let attributes {
            w.key("attributes")
            w.beginObject()
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { w.key(name); w.string(value) }
            w.endObject()
        }
        w.key("items")
        w.beginArray()
        for item in items {
            w.beginObject()
            w.key("item"); w.string(item.item)
            w.key("rank"); w.integer(item.rank)
            w.key("score"); w.number(item.score)
            w.key("title"); w.string(item.title)
            w.endObject()
        }
        w.endArray()
        w.key("k"); w.integer(k)
        w.key("model")
        w.beginObject()
        w.key("created_at"); w.string(model.created_at)
        w.key("id"); w.integer(model.id)
        w.endObject()
        w.key("source"); w.string(source)
        if let user { w.key("user"); w.string(user) }
        w.endObject()
        return w.bytes
    }

    static func items(_ top: [ScoredItem], _ model: ServingModel) -> [RecommendedItem] {
        top.enumerated().map { rank, s in
            RecommendedItem(rank: rank + 1, item: model.catalogue.items.labels[Int(s.item)],
                            title: model.catalogue.itemTitles[Int(s.item)], score: s.score)
        }
    }
}

/// One ranked item.
struct RecommendedItem {
    var rank: Int
    /// External item id, as imported.
    var item: String
    var title: String?
    /// The model's score (single precision, as ranked).
    var score: Float
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
