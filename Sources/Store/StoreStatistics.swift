import GRDB
import KnowledgeGraph

/// Counts and distributions describing a store, for `kgrec stats`.
public struct StoreStatistics: Sendable, Codable, Equatable {
    /// Percentiles of a degree distribution over all entities.
    public struct Degrees: Sendable, Codable, Equatable {
        public var mean: Double
        public var p50: Int
        public var p90: Int
        public var p99: Int
        public var max: Int
    }

    public var storePath: String
    public var formatVersion: Int
    public var graphGeneration: Int
    public var entities: Int
    public var labelledEntities: Int
    public var relations: Int
    /// Relations that label at least one triple (the others are only declared, e.g. by an ontology).
    public var relationsWithTriples: Int
    public var labelledRelations: Int
    public var inverseRelationPairs: Int
    /// Triples whose reverse under a declared inverse is also stored.
    public var triplesWithInversePresent: Int
    public var triples: Int
    public var users: Int
    public var userAttributes: Int
    /// Distinct user attribute names.
    public var userAttributeNames: [String]
    public var items: Int
    public var itemAttributes: Int
    /// Items linked to a KG entity.
    public var itemsLinked: Int
    /// Linked items whose entity has at least one edge.
    public var itemsLinkedInGraph: Int
    public var interactions: Int
    /// Literal attributes of entities.
    public var entityAttributes: Int
    public var outDegree: Degrees
    public var inDegree: Degrees
    public var totalDegree: Degrees
    /// Bytes of the CSR adjacency (both directions, offsets included).
    public var graphAdjacencyBytes: Int
    public var adjacencyBytesPerTriple: Double
    /// Bytes of the entity and relation dictionaries in memory (UTF-8 names, offsets, hash index).
    public var dictionaryStringBytes: Int
    /// Wall seconds to read and validate the graph snapshot at open.
    public var graphLoadSeconds: Double
    public var snapshotBytes: Int
    public var imports: Int
}

extension KGStore {
    /// Computes the statistics of the store (counts from the database, degrees from the loaded graph).
    public func statistics() throws(StoreError) -> StoreStatistics {
        let g = graph.graph
        let counts = try read { db -> [Int] in
            let queries = [
                "SELECT count(*) FROM entities WHERE label IS NOT NULL",
                "SELECT count(*) FROM users", "SELECT count(*) FROM user_attributes",
                "SELECT count(*) FROM items", "SELECT count(*) FROM item_attributes",
                "SELECT count(*) FROM items WHERE entity_id IS NOT NULL",
                "SELECT count(*) FROM interactions", "SELECT ifnull(sum(count), 0) FROM entity_attributes",
                "SELECT count(*) FROM imports",
            ]
            return try queries.map { try Int.fetchOne(db, sql: $0) ?? 0 }
        }
        // Relations are labelled through the entity of the same IRI (an ontology's property).
        let relationEntities = graph.relations.strings.compactMap { graph.entities.id(of: $0) }.map(String.init).joined(separator: ",")
        let labelledRelations = relationEntities.isEmpty ? 0 : try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM entities WHERE label IS NOT NULL AND id IN (\(relationEntities))") ?? 0
        }
        let attributeNames = try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT name FROM user_attributes ORDER BY name") }
        let linkedEntities = try read { db in
            try Int64.fetchAll(db, sql: "SELECT entity_id FROM items WHERE entity_id IS NOT NULL")
        }
        var linkedInGraph = 0
        for e in linkedEntities where Int(e) < g.nodeCount {
            if g.outDegree(Int32(e)) + g.inDegree(Int32(e)) > 0 { linkedInGraph += 1 }
        }
        var out = [Int](), inn = [Int](), tot = [Int]()
        out.reserveCapacity(g.nodeCount); inn.reserveCapacity(g.nodeCount); tot.reserveCapacity(g.nodeCount)
        for n in 0..<Int32(g.nodeCount) {
            let o = g.outDegree(n), i = g.inDegree(n)
            out.append(o); inn.append(i); tot.append(o + i)
        }
        var used = [Bool](repeating: false, count: g.relationCount)
        for r in g.outRelations { used[Int(r)] = true }
        // Names are held as UTF-8 buffers with offset tables and hash indexes.
        let stringBytes = graph.entities.memoryBytes + graph.relations.memoryBytes
        var snapshotBytes = 0
        if graphGeneration > 0, let attrs = try? FileManagerShim.size(snapshotPath(generation: graphGeneration)) {
            snapshotBytes = attrs
        }
        return StoreStatistics(
            storePath: directory, formatVersion: StoreSchema.version, graphGeneration: graphGeneration,
            entities: graph.entities.count, labelledEntities: counts[0],
            relations: graph.relations.count, relationsWithTriples: used.filter { $0 }.count, labelledRelations: labelledRelations,
            inverseRelationPairs: graph.inversePairCount, triplesWithInversePresent: graph.tripleCountWithInversePresent(),
            triples: graph.tripleCount,
            users: counts[1], userAttributes: counts[2], userAttributeNames: attributeNames,
            items: counts[3], itemAttributes: counts[4], itemsLinked: counts[5], itemsLinkedInGraph: linkedInGraph,
            interactions: counts[6], entityAttributes: counts[7],
            outDegree: Self.degrees(out), inDegree: Self.degrees(inn), totalDegree: Self.degrees(tot),
            graphAdjacencyBytes: g.memoryBytes,
            adjacencyBytesPerTriple: g.edgeCount > 0 ? Double(g.memoryBytes) / Double(g.edgeCount) : 0,
            dictionaryStringBytes: stringBytes, graphLoadSeconds: graphLoadSeconds, snapshotBytes: snapshotBytes,
            imports: counts[8])
    }

    static func degrees(_ values: [Int]) -> StoreStatistics.Degrees {
        guard !values.isEmpty else { return .init(mean: 0, p50: 0, p90: 0, p99: 0, max: 0) }
        let s = values.sorted()
        func pct(_ p: Double) -> Int { s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))] }
        return .init(mean: Double(s.reduce(0, +)) / Double(s.count), p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: s[s.count - 1])
    }
}

import Foundation

enum FileManagerShim {
    static func size(_ path: String) throws -> Int {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        return (attrs[.size] as? NSNumber)?.intValue ?? 0
    }
}
