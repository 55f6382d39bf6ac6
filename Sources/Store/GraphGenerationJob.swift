import Dispatch
import KnowledgeGraph
import Synchronization

/// The graph side of an import: the merged graph, and the snapshot of its new
/// generation when it differs from the stored one.
struct GraphGeneration: Sendable {
    var graph: KnowledgeGraph
    var generation: Int
    /// Checksum and path of the snapshot written, nil when the graph did not change.
    var checksum: UInt64?
    var path: String?
}

/// Builds the merged CSR graph and writes its snapshot on another thread, so that
/// the import's database writes (which only need the dictionaries) proceed meanwhile.
///
/// ``wait()`` may be called any number of times; every call returns the same outcome.
final class GraphGenerationJob: Sendable {
    private let outcome = Mutex<Result<GraphGeneration, StoreError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts building `builder`'s graph; `path` is where generation `generation + 1` goes.
    init(builder: KnowledgeGraphBuilder, base: KnowledgeGraph, generation: Int, path: String) {
        DispatchQueue.global().async { [self] in
            let result = Self.run(builder: builder, base: base, generation: generation, path: path)
            outcome.withLock { $0 = result }
            done.signal()
        }
    }

    /// Blocks until the job has finished; its outcome.
    func wait() -> Result<GraphGeneration, StoreError> {
        done.wait()
        done.signal()  // later waits return at once
        return outcome.withLock { $0! }
    }

    private static func run(builder: KnowledgeGraphBuilder, base: KnowledgeGraph, generation: Int, path: String)
        -> Result<GraphGeneration, StoreError>
    {
        let graph: KnowledgeGraph
        do { graph = try builder.build() } catch { return .failure(.importFailed(.graph(error))) }
        guard graph.entities.count != base.entities.count || graph.relations.count != base.relations.count
            || graph.tripleCount != base.tripleCount || graph.inverse != base.inverse
        else { return .success(GraphGeneration(graph: graph, generation: generation)) }
        do {
            let sum = try GraphSnapshot.write(graph, to: path)
            return .success(GraphGeneration(graph: graph, generation: generation + 1, checksum: sum, path: path))
        } catch {
            return .failure(.snapshot(error))
        }
    }
}
