import Foundation
import KnowledgeGraph
import Store

/// Prints the statistics of the store at `storePath` (`kgrec stats` without a FILE).
func runStoreStats(storePath: String, json: Bool) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let store = try KGStore.open(at: storePath, create: false)
    let openDuration = clock.now - start
    let s = try store.statistics()
    let openSeconds = Double(openDuration.components.seconds) + Double(openDuration.components.attoseconds) * 1e-18
    if json {
        struct Output: Encodable {
            var statistics: StoreStatistics
            var openSeconds: Double
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Output(statistics: s, openSeconds: openSeconds))
        writeStandardOutput(String(decoding: data, as: UTF8.self) + "\n")
        return
    }
    func n(_ v: Int) -> String {
        let digits = String(v)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
    func deg(_ d: StoreStatistics.Degrees) -> String {
        "mean \(String(format: "%.2f", d.mean)), p50 \(d.p50), p90 \(d.p90), p99 \(d.p99), max \(n(d.max))"
    }
    let mib = Double(s.graphAdjacencyBytes) / 1_048_576
    var text = """
    store                 \(s.storePath) (format \(s.formatVersion), graph generation \(s.graphGeneration), \(s.imports) imports)
    entities              \(n(s.entities)) (\(n(s.labelledEntities)) labelled, \(n(s.entityAttributes)) literal attributes)
    relations             \(n(s.relations)) (\(n(s.relationsWithTriples)) with triples, \(n(s.labelledRelations)) labelled, \(s.inverseRelationPairs) inverse pairs)
    triples               \(n(s.triples)) (\(n(s.triplesWithInversePresent)) also stored reversed under an inverse relation)
    users                 \(n(s.users)) (\(n(s.userAttributes)) attributes: \(s.userAttributeNames.joined(separator: ", ")))
    items                 \(n(s.items)) (\(n(s.itemsLinked)) linked to KG entities, \(n(s.itemsLinkedInGraph)) of them with edges; \(n(s.itemAttributes)) attributes)
    interactions          \(n(s.interactions))
    out-degree            \(deg(s.outDegree))
    in-degree             \(deg(s.inDegree))
    degree (in+out)       \(deg(s.totalDegree))
    graph memory          \(String(format: "%.2f", mib)) MiB adjacency (\(String(format: "%.2f", s.adjacencyBytesPerTriple)) bytes/triple) + \(String(format: "%.2f", Double(s.dictionaryStringBytes) / 1_048_576)) MiB dictionaries
    snapshot              \(n(s.snapshotBytes)) bytes, loaded in \(String(format: "%.4f", s.graphLoadSeconds)) s (store opened in \(String(format: "%.4f", openSeconds)) s)

    """
    if s.triples > 0 {
        text += "load rate             \(String(format: "%.3f", s.graphLoadSeconds / (Double(s.triples) / 1e6))) s per million triples\n"
    }
    writeStandardOutput(text)
}
