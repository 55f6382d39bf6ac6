import Recommender
import Synchronization

/// Reusable explanation path searches over one served model's graph.
///
/// Building an ``ExplanationPathSearch`` costs O(nodes + edges) (per-node penalties, per-edge
/// scores, the node index) while one search over MovieLens-100K's graph takes a fraction of that;
/// a search value is not shareable while it runs (it owns scratch buffers). So requests check a
/// value out, set their own limits, and put it back; at most ``maxIdle`` values are kept.
public final class ExplanationSearchPool: Sendable {
    public let graph: ExplanationGraph
    /// Most idle values kept (about the number of requests explained at once).
    public let maxIdle: Int
    private let idle = Mutex<[ExplanationPathSearch]>([])

    public init(graph: ExplanationGraph, maxIdle: Int = 16) {
        self.graph = graph
        self.maxIdle = maxIdle
    }

    /// Runs `body` with a search limited to `paths` paths of at most `maxHops` edges (default
    /// settings otherwise), then returns the value to the pool.
    public func withSearch<T>(paths: Int, maxHops: Int,
                              _ body: (inout ExplanationPathSearch) throws(ExplanationError) -> T) throws(ExplanationError) -> T {
        var search: ExplanationPathSearch
        if let pooled = idle.withLock({ $0.popLast() }) {
            search = pooled
        } else {
            search = try ExplanationPathSearch(graph: graph)
        }
        try search.setRequestLimits(paths: paths, maxHops: maxHops)
        let result = try body(&search)
        let returned = search
        idle.withLock { if $0.count < maxIdle { $0.append(returned) } }
        return result
    }
}
