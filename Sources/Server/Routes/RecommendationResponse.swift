import Hummingbird
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
    /// With `explain`: what the items' explanations explain, when that is not simply the answer's
    /// own scores (the online answer's paths come from the model's training items).
    var explanationNote: String? = nil

    /// The answer as JSON text, members in sorted order; `user`, `attributes`, `explanation_note`
    /// and each item's `explanation` left out when nil (so an answer without explanations is
    /// byte for byte what it was before `explain` existed).
    func json() -> [UInt8] {
        let explained = items.reduce(0) { $0 + ($1.explanation?.count ?? 0) }
        var w = JSONWriter(capacity: 256 + 96 * items.count + explained)
        w.beginObject()
        if let attributes {
            w.key("attributes")
            w.beginObject()
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { w.key(name); w.string(value) }
            w.endObject()
        }
        if let explanationNote { w.key("explanation_note"); w.string(explanationNote) }
        w.key("items")
        w.beginArray()
        for item in items {
            w.beginObject()
            if let explanation = item.explanation { w.key("explanation"); w.raw(explanation) }
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
    /// With `explain`: why the item is recommended, as rendered JSON (a `kgrec-explanation/1`
    /// document for a warm answer, the attribute-cell breakdown for a cold-start one).
    var explanation: [UInt8]? = nil
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

extension RecommendationResponse {
    /// Most paths a warm explanation may ask for per item (`paths` query parameter).
    static let maxPathsPerItem = 5
    /// Cells listed per item in a cold-start explanation.
    static let coldExplanationCells = 3

    /// The `kgrec-explanation/1` document of each of `top` for store user `id` (external `user`),
    /// exactly as `GET /v1/explanations` computes it: the best `paths` KG paths from the user's
    /// training items to the item, scored against the hybrid model. An item without a KG entity
    /// gets its document with no paths. All items share one pooled path search.
    static func warmExplanations(_ top: [ScoredItem], user: String, id: Int32, paths: Int,
                                 model: ServingModel) throws(APIError) -> [[UInt8]] {
        let graph = model.explanationGraph
        let attribution = model.attribution
        do {
            return try model.explanationSearches.withSearch(paths: paths, maxHops: ExplanationSettings().maxHops) { search in
                var explainer = WarmExplainer(search: consume search)  // moved, so its buffers stay uniquely referenced
                defer { search = explainer.search }  // the search's buffers go back to the pool
                var out: [[UInt8]] = []
                out.reserveCapacity(top.count)
                let scores = attribution.scores(user: Int(id))
                let sources = attribution.sources(user: Int(id), items: top.map { Int($0.item) })
                for (n, s) in top.enumerated() {
                    let j = s.item
                    let score = Double(scores[Int(j)])
                    let document: ExplanationDocument
                    if Int(j) < graph.itemEntity.count, graph.itemEntity[Int(j)] >= 0 {
                        document = explainer.explain(user: user, item: j, score: score,
                                                     sources: sources[n])
                    } else {
                        document = explainer.document(user: user, item: j, score: score, paths: [])
                    }
                    out.append(Array(document.jsonLine().utf8))
                }
                return out
            }
        } catch {
            throw APIError(.internalServerError, code: "explanation_failed", message: "explanation path search failed: \(error)")
        }
    }

    /// Each of `top`'s cold-start score for `evidence` taken apart (``StoreColdStartModel/breakdowns(_:items:cells:)``)
    /// as JSON:
    ///
    ///     {"cells": [{"attributes": {"age": "25-34", "gender": "F", "occupation": null}, "item_preference": 0.31,
    ///                 "posterior": 0.42, "share": 0.55}, …],
    ///      "item_popularity": 0.12, "kind": "cold-start-cells", "neighbour_weight": 1, "possible_cells": 214,
    ///      "score": 0.24, "taste_share": 0}
    ///
    /// `cells` are the attribute cells (combinations of training users' attribute values; null =
    /// unknown in the training data) contributing most: `posterior` P(c | e), `item_preference`
    /// p̂(i | c) (weighted share of the cell's training users who liked the item) and `share` of
    /// the item's score, γ · P(c | e) · p̂(i | c) / score; all cells' shares and `taste_share` (the
    /// taste network's part, weight 1 − γ) sum to 1. `item_popularity` is the item's share among
    /// all training users, for comparison with `item_preference`. `no_matching_cell: true` when
    /// no cell is possible and the cell part of the score is that popularity.
    static func coldExplanations(_ top: [ScoredItem], evidence: [Int?], cold: StoreColdStartModel) throws(ColdStartError) -> [[UInt8]] {
        let schema = cold.schema
        return try cold.breakdowns(evidence, items: top.map(\.item), cells: coldExplanationCells).map { b in
            var w = JSONWriter(capacity: 256 + 160 * b.cells.count)
            w.beginObject()
            w.key("cells")
            w.beginArray()
            for cell in b.cells {
                w.beginObject()
                w.key("attributes")
                w.beginObject()
                for a in schema.names.indices.sorted(by: { schema.names[$0] < schema.names[$1] }) {
                    w.key(schema.names[a])
                    w.string(cell.states[a].map { schema.states[a][$0] })
                }
                w.endObject()
                w.key("item_preference"); w.number(cell.itemPreference)
                w.key("posterior"); w.number(cell.posterior)
                w.key("share"); w.number(cell.share)
                w.endObject()
            }
            w.endArray()
            w.key("item_popularity"); w.number(b.itemPopularity)
            w.key("kind"); w.string("cold-start-cells")
            w.key("neighbour_weight"); w.number(b.neighbourWeight)
            if b.kernelFellBackToPopularity { w.key("no_matching_cell"); w.bool(true) }
            w.key("possible_cells"); w.integer(b.possibleCells)
            w.key("score"); w.number(b.score)
            w.key("taste_share"); w.number(b.tasteShare)
            w.endObject()
            return w.bytes
        }
    }

    /// `items` with `explanations` attached in order.
    static func attach(_ explanations: [[UInt8]], to items: [RecommendedItem]) -> [RecommendedItem] {
        zip(items, explanations).map { item, explanation in
            var item = item
            item.explanation = explanation
            return item
        }
    }
}
