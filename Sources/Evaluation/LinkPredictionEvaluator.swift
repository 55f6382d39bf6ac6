import Dispatch
import Synchronization

/// Filtered rank-based link-prediction evaluation (Bordes et al., 2013; PyKEEN's
/// `RankBasedEvaluator`): every test triple is ranked twice, replacing the head and replacing the
/// tail by every entity; other known true triples are filtered out; ties count at the mean of
/// optimistic and pessimistic rank.
///
/// Each query scores all entities in one pass of the scorer; queries are spread over threads.
public struct LinkPredictionEvaluator: Sendable {
    /// Worker threads (≥ 1).
    public var threads: Int

    public init(threads: Int = 1) { self.threads = max(1, threads) }

    /// Queries scored together per scorer call (each candidate row is read once per group).
    static let queryGroup = 4

    /// Ranks every triple of `triples` on both sides. With `filter == nil` the raw setting is used.
    public func evaluate<S: LinkPredictionScorer>(
        _ scorer: S, triples: [LinkPredictionTriple], filter: KnownTripleIndex?
    ) -> LinkPredictionReport {
        let n = triples.count
        let chunk = 64
        let chunkCount = (n + chunk - 1) / chunk
        let workers = max(1, min(threads, chunkCount))
        let empty = FilteredRank(optimistic: 0, pessimistic: 0)
        let results = Mutex((head: [FilteredRank](repeating: empty, count: n), tail: [FilteredRank](repeating: empty, count: n)))
        let group = Self.queryGroup
        let work: @Sendable (Int) -> Void = { w in
            let entities = scorer.entityCount
            var local: [(Int, FilteredRank, FilteredRank)] = []
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: entities * group)
            defer { buffer.deallocate() }
            buffer.initialize(repeating: 0)
            var c = w
            while c < chunkCount {
                var start = c * chunk
                let end = min(n, (c + 1) * chunk)
                while start < end {
                    let g = triples[start..<min(end, start + group)]
                    let heads = g.map(\.head), relations = g.map(\.relation), tails = g.map(\.tail)
                    var headRanks: [FilteredRank] = []
                    scorer.scoreHeads(relations: relations, tails: tails, into: buffer)
                    for (j, t) in g.enumerated() {
                        headRanks.append(FilteredRank.compute(
                            scores: UnsafeBufferPointer(rebasing: buffer[(j * entities)..<((j + 1) * entities)]), target: Int(t.head),
                            filtered: filter?.knownHeads(relation: t.relation, tail: t.tail) ?? []))
                    }
                    scorer.scoreTails(heads: heads, relations: relations, into: buffer)
                    for (j, t) in g.enumerated() {
                        let tr = FilteredRank.compute(
                            scores: UnsafeBufferPointer(rebasing: buffer[(j * entities)..<((j + 1) * entities)]), target: Int(t.tail),
                            filtered: filter?.knownTails(head: t.head, relation: t.relation) ?? [])
                        local.append((start + j, headRanks[j], tr))
                    }
                    start += g.count
                }
                c += workers
            }
            results.withLock { r in
                for (i, h, t) in local {
                    r.head[i] = h
                    r.tail[i] = t
                }
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return results.withLock { LinkPredictionReport(headRanks: $0.head, tailRanks: $0.tail) }
    }
}
