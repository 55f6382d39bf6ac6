import Foundation

/// One explanation, as exported: why `item` was recommended to `user` (or to a cold-start user
/// described by `attributes`). JSON schema `kgrec-explanation/1`:
///
/// ```json
/// {
///   "schema": "kgrec-explanation/1",
///   "kind": "warm" | "cold-start",
///   "user": "42",                              // warm: the user's external id
///   "attributes": {"age_bucket": "18-24"},     // cold start: the known attributes
///   "item": "1210", "itemLabel": "Return of the Jedi (1983)",
///   "score": 0.81,                             // the model's score of the item for the user
///   "tastes": [ … ],                           // cold start: see ExplanationTaste
///   "paths": [ { "steps": [ … ], "score": -3.2, "share": 0.12 } ]
/// }
/// ```
///
/// Each path is a list of steps from the user to the item (see ``ExplanationStep``): the first
/// step (warm) is the user's interaction with a start item, or (cold start) the user's taste and
/// an item that taste liked; every further step is one KG edge, the last one arriving at the
/// recommended item's entity. `score` is the path's log-weight (higher is better, comparable
/// within one explanation) and `share` the share of the item's score the path accounts for; both
/// are defined in ``ExplanationPathSearch``. Paths are best first. Fields absent for a kind are
/// omitted. Readers must ignore unknown fields; a change that breaks readers bumps the version.
public struct ExplanationDocument: Codable, Sendable, Equatable {
    /// The schema identifier this build writes.
    public static let schemaIdentifier = "kgrec-explanation/1"
    /// The relation of a warm path's first step (the user's positive interaction with an item).
    public static let interactionRelation = "kgrec:interacted"
    /// The relation of a cold-start path's first step (user → taste cluster).
    public static let tasteRelation = "kgrec:hasTaste"
    /// The relation of a cold-start path's second step (taste cluster → an item it liked).
    public static let tasteLikedRelation = "kgrec:tasteLiked"

    public var schema: String
    /// "warm" or "cold-start".
    public var kind: String
    public var user: String?
    public var attributes: [String: String]?
    public var item: String
    public var itemLabel: String?
    public var score: Double
    public var tastes: [ExplanationTaste]?
    public var paths: [ExplanationPath]

    public init(kind: String, user: String?, attributes: [String: String]?, item: String, itemLabel: String?,
                score: Double, tastes: [ExplanationTaste]?, paths: [ExplanationPath]) {
        schema = Self.schemaIdentifier
        self.kind = kind
        self.user = user
        self.attributes = attributes
        self.item = item
        self.itemLabel = itemLabel
        self.score = score
        self.tastes = tastes
        self.paths = paths
    }

    /// The document as one line of JSON (keys sorted; see ``ExplanationJSONWriter``).
    public func jsonLine() -> String {
        var out = ""
        ExplanationJSONWriter.write(self, to: &out)
        return out
    }

    /// The document as indented JSON (keys sorted).
    public func prettyJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a document, checking the schema identifier and the step directions.
    /// - Parameter source: where the bytes came from, for error messages (e.g. `file.jsonl:12`).
    public static func decode(_ data: Data, source: String) throws(ExplanationError) -> ExplanationDocument {
        let document: ExplanationDocument
        do { document = try JSONDecoder().decode(ExplanationDocument.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw .malformedDocument(path: source, reason: "missing field '\(key.stringValue)' at \(codingPath(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformedDocument(path: source, reason: "wrong type at \(codingPath(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .malformedDocument(path: source, reason: "null at \(codingPath(context.codingPath))")
        } catch {
            throw .malformedDocument(path: source, reason: "not valid JSON (\(error))")
        }
        guard document.schema == schemaIdentifier else {
            throw .malformedDocument(path: source, reason: "schema '\(document.schema)', expected '\(schemaIdentifier)'")
        }
        guard ["warm", "cold-start"].contains(document.kind) else {
            throw .malformedDocument(path: source, reason: "kind '\(document.kind)', expected warm or cold-start")
        }
        for (p, path) in document.paths.enumerated() {
            for (s, step) in path.steps.enumerated() where step.direction != "forward" && step.direction != "inverse" {
                throw .malformedDocument(path: source, reason: "paths[\(p)].steps[\(s)].direction '\(step.direction)', expected forward or inverse")
            }
        }
        return document
    }

    private static func codingPath(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// One path of an explanation: its steps from the user to the item, score and share.
public struct ExplanationPath: Codable, Sendable, Equatable {
    public var steps: [ExplanationStep]
    public var score: Double
    public var share: Double

    public init(steps: [ExplanationStep], score: Double, share: Double) {
        self.steps = steps
        self.score = score
        self.share = share
    }

    /// Number of KG edges (steps after the first one or two model steps).
    public var kgHops: Int { steps.filter { !$0.relation.hasPrefix("kgrec:") }.count }
}

/// One step: from the previous node along `relation` to the node `entity`.
public struct ExplanationStep: Codable, Sendable, Equatable {
    /// The stored relation's identifier (a KG relation IRI, or `kgrec:…` for model steps).
    public var relation: String
    /// Readable label of the relation as walked: its `rdfs:label` forward; walked inverse, the
    /// declared inverse relation's label or "inverse of <label>".
    public var relationLabel: String
    /// "forward": the stored edge is (previous, relation, entity); "inverse": (entity, relation, previous).
    public var direction: String
    /// The node's identifier as imported (IRI / Freebase id; an item's external id for the item a
    /// warm path starts from; `taste:<k>` for a taste cluster).
    public var entity: String
    /// Readable type: "item", "taste", or the entity's class label (e.g. "Film director"), "entity".
    public var entityType: String
    /// Display label: rdfs:label, item title, else the identifier.
    public var label: String
    /// When the node is a catalogue item's entity: the item's external id.
    public var item: String?

    public init(relation: String, relationLabel: String, direction: String, entity: String, entityType: String, label: String, item: String? = nil) {
        self.relation = relation
        self.relationLabel = relationLabel
        self.direction = direction
        self.entity = entity
        self.entityType = entityType
        self.label = label
        self.item = item
    }
}

/// Cold start: one taste cluster's part in the item's score.
public struct ExplanationTaste: Codable, Sendable, Equatable {
    /// Cluster index.
    public var taste: Int
    /// P(taste | the given attributes), exact (Bayesian network).
    public var posterior: Double
    /// P(taste) with no attribute known.
    public var prior: Double
    /// What the taste is about: the genres most over-represented among its users' positives.
    public var about: [String]
    /// p̂(item | taste): smoothed share of the cluster's users who liked the item.
    public var itemPreference: Double
    /// pop(item): share of all training users who liked it.
    public var itemPopularity: Double
    /// The item's genres that are among the taste's `about` genres.
    public var genreMatch: [String]
    /// Share of the item's score from this taste: (1 − β)·posterior·itemPreference / score.
    public var share: Double

    public init(taste: Int, posterior: Double, prior: Double, about: [String], itemPreference: Double,
                itemPopularity: Double, genreMatch: [String], share: Double) {
        self.taste = taste
        self.posterior = posterior
        self.prior = prior
        self.about = about
        self.itemPreference = itemPreference
        self.itemPopularity = itemPopularity
        self.genreMatch = genreMatch
        self.share = share
    }
}
