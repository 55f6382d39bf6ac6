import Hummingbird
import Recommender

/// `GET /v1/items/{id}?neighbours=50` — an item's title, attributes, linked KG entity and its
/// KG neighbours (outgoing, then incoming edges, at most `neighbours` of them) with relation
/// names and neighbour labels.
struct ItemRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .get }
    var path: String { "/v1/items/{id}" }
    var queryParameters: Set<String> { ["neighbours"] }

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let configuration = state.configuration
        let limit = try query.integer("neighbours", default: configuration.defaultNeighbours, in: 0...configuration.maxNeighbours)
        let itemLabel = try pathParameter("id", context: context)
        let model = try await state.model()
        let catalogue = model.catalogue
        guard let item = catalogue.items.id(itemLabel) else { throw APIError.notFound("item", itemLabel, field: "id") }
        let entity = Int(item) < catalogue.knowledgeGraph.itemEntity.count ? catalogue.knowledgeGraph.itemEntity[Int(item)] : -1
        var response = ItemResponse(
            item: itemLabel, title: catalogue.itemTitles[Int(item)], attributes: catalogue.itemAttributes[Int(item)],
            entity: nil, neighbour_count: 0, neighbours: [], truncated: false,
            positives: Int(item) < model.recommender.itemCount ? model.recommender.interactions.degree(item: Int(item)) : 0)
        if entity >= 0 {
            let graph = catalogue.graph
            response.entity = ItemResponse.Entity(id: graph.entities.string(for: entity), label: catalogue.entityLabels[entity])
            let csr = graph.graph
            let out = csr.outEdgeRange(entity), inbound = csr.inEdgeRange(entity)
            response.neighbour_count = out.count + inbound.count
            for k in out where response.neighbours.count < limit {
                response.neighbours.append(neighbour("out", relation: Int32(csr.outRelations[k]), other: csr.outTargets[k], model))
            }
            for k in inbound where response.neighbours.count < limit {
                response.neighbours.append(neighbour("in", relation: Int32(csr.inRelations[k]), other: csr.inSources[k], model))
            }
            response.truncated = response.neighbours.count < response.neighbour_count
        }
        return try JSONResponse.make(response)
    }

    private func neighbour(_ direction: String, relation: Int32, other: Int32, _ model: ServingModel) -> ItemResponse.Neighbour {
        let graph = model.catalogue.graph
        return ItemResponse.Neighbour(
            direction: direction, relation: graph.relations.string(for: relation), entity: graph.entities.string(for: other),
            label: model.catalogue.entityLabels[other], item: model.entityItem[other].map { model.catalogue.items.labels[Int($0)] })
    }
}

/// The JSON answer of `GET /v1/items/{id}`.
struct ItemResponse: Encodable {
    struct Entity: Encodable {
        var id: String
        var label: String?
    }

    struct Neighbour: Encodable {
        /// `out`: item entity → neighbour; `in`: neighbour → item entity.
        var direction: String
        var relation: String
        var entity: String
        var label: String?
        /// The neighbour's item id when the neighbour is itself an item.
        var item: String?
    }

    var item: String
    var title: String?
    var attributes: [String: String]
    var entity: Entity?
    var neighbour_count: Int
    var neighbours: [Neighbour]
    var truncated: Bool
    /// Training positives of the item in the served model.
    var positives: Int
}
