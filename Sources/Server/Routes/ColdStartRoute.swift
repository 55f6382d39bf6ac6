import Hummingbird
import Recommender

/// `POST /v1/recommendations` with `{"attributes": {"gender": "F", "age": 24, …}, "k": 10, "explain": false}`
/// — top-k for a new user known only by attributes (any subset; none = the prior). With
/// `"explain": true` every item carries an `explanation`: the attribute cells behind its score
/// (``RecommendationResponse/coldExplanations(_:evidence:cold:)``).
struct ColdStartRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .post }
    var path: String { "/v1/recommendations" }

    /// Members of the request body.
    static let members: Set<String> = ["attributes", "k", "explain"]

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        let configuration = state.configuration
        let body = try await JSONRequestBody.read(request, limit: configuration.maxBodyBytes, allowed: Self.members)
        let k = try body.integer("k", default: configuration.defaultK, in: configuration.kRange)
        let attributes = try body.object("attributes")
        let explain = try body.boolean("explain", default: false)
        let model = try await state.model()
        let cold = try Self.available(model)
        let evidence = try Self.evidence(attributes, schema: cold.schema)
        let top: [ScoredItem]
        do {
            top = try model.coldTopK(cold, evidence: evidence, k: k)
        } catch ColdStartError.impossibleEvidence {
            throw APIError(.unprocessableContent, code: "impossible_attributes",
                           message: "no training user has this combination of attributes", field: "attributes")
        }
        var items = RecommendationResponse.items(top, model)
        if explain { items = RecommendationResponse.attach(try RecommendationResponse.coldExplanations(top, evidence: evidence, cold: cold), to: items) }
        return JSONResponse.make(bytes: RecommendationResponse(
            user: nil, source: "cold_start", attributes: Self.describe(evidence, cold.schema), model: ModelSummary(model), k: k,
            items: items).json())
    }

    /// The model's cold-start part, or a 503 saying why there is none.
    static func available(_ model: ServingModel) throws(APIError) -> StoreColdStartModel {
        switch model.coldStart {
        case .success(let m): return m
        case .failure(let why): throw APIError(.serviceUnavailable, code: "cold_start_unavailable", message: why.reason)
        }
    }

    /// The evidence vector of JSON attributes: every name must be a schema attribute; a value is
    /// one of its states (string), or a number for a binned numeric attribute (or matching a
    /// state's text); null means unknown.
    static func evidence(_ attributes: [String: JSONValue], schema: ColdStartAttributeSchema) throws(APIError) -> [Int?] {
        var evidence = [Int?](repeating: nil, count: schema.count)
        for name in attributes.keys.sorted() {
            let field = "attributes.\(name)"
            guard let a = schema.attributeIndex(name) else {
                throw APIError(.badRequest, code: "unknown_attribute",
                               message: "'\(name)' is not a user attribute of this store (known: \(schema.names.joined(separator: ", ")))",
                               field: field)
            }
            let states = schema.states[a]
            switch attributes[name]! {
            case .null:
                continue
            case .string(let text):
                if let s = states.firstIndex(of: text) {
                    evidence[a] = s
                } else if let bins = schema.bins[a], let x = Double(text), x.isFinite {
                    evidence[a] = bins.state(of: x)
                } else {
                    throw unknownValue(name, text, states, field)
                }
            case .number(let x):
                if let bins = schema.bins[a] {
                    evidence[a] = bins.state(of: x)
                } else {
                    let text = x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
                    guard let s = states.firstIndex(of: text) else { throw unknownValue(name, text, states, field) }
                    evidence[a] = s
                }
            case let other:
                throw APIError.wrongType(field, expected: "a string or a number", found: other.typeName)
            }
        }
        return evidence
    }

    private static func unknownValue(_ name: String, _ value: String, _ states: [String], _ field: String) -> APIError {
        let shown = states.count > 30 ? states.prefix(30).joined(separator: ", ") + ", …" : states.joined(separator: ", ")
        return APIError(.badRequest, code: "unknown_attribute_value",
                        message: "'\(value)' is not a value of attribute '\(name)' (known: \(shown))", field: field)
    }

    /// The known entries of `evidence` as name → state label.
    static func describe(_ evidence: [Int?], _ schema: ColdStartAttributeSchema) -> [String: String] {
        var out: [String: String] = [:]
        for (a, s) in evidence.enumerated() { if let s { out[schema.names[a]] = schema.states[a][s] } }
        return out
    }
}
