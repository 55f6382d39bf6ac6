import Dispatch
import RDF
import Synchronization

/// A bounded FIFO of triple batches between one producing and one consuming thread.
/// An empty batch marks the end of the stream.
final class TripleBatchChannel: Sendable {
    private let queue = Mutex<[[Triple]]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(depth: Int) { free = DispatchSemaphore(value: max(depth, 1)) }

    /// Blocks while `depth` batches are waiting.
    func send(_ batch: [Triple]) {
        free.wait()
        queue.withLock { $0.append(batch) }
        filled.signal()
    }

    /// Blocks until a batch is available.
    func receive() -> [Triple] {
        filled.wait()
        let batch = queue.withLock { $0.removeFirst() }
        free.signal()
        return batch
    }
}

/// The producing end of a ``GraphTripleSink/consumeConcurrently(batchSize:depth:_:)``
/// pipeline: collects triples into batches and hands them to the consuming thread.
public struct BatchingTripleSink: TripleSink {
    let channel: TripleBatchChannel
    let batchSize: Int
    var batch: [Triple] = []

    init(channel: TripleBatchChannel, batchSize: Int) {
        self.channel = channel
        self.batchSize = batchSize
        batch.reserveCapacity(batchSize)
    }

    public mutating func consume(_ triple: Triple) throws {
        batch.append(triple)
        if batch.count == batchSize { flush() }
    }

    mutating func flush() {
        guard !batch.isEmpty else { return }
        channel.send(batch)
        batch = []
        batch.reserveCapacity(batchSize)
    }
}

/// Where the producing thread leaves its error for the caller.
private final class ProducerOutcome: Sendable {
    let error = Mutex<(any Error)?>(nil)
    let done = DispatchSemaphore(value: 0)
}

extension GraphTripleSink {
    /// Runs `produce` (typically a parser writing into the sink it is given) on another
    /// thread while this sink consumes its triples, in order, on the calling thread.
    ///
    /// Parsing and interning are both CPU-bound; overlapping them takes most of the
    /// interning off the wall time of a large import on two cores. The result is exactly
    /// what consuming the triples on one thread gives. An error thrown by `produce` or by
    /// the sink is rethrown (the producer's first) after both threads have stopped.
    public mutating func consumeConcurrently(
        batchSize: Int = 2048, depth: Int = 8, _ produce: @escaping @Sendable (inout BatchingTripleSink) throws -> Void
    ) throws {
        let channel = TripleBatchChannel(depth: depth)
        let outcome = ProducerOutcome()
        DispatchQueue.global().async {
            var producer = BatchingTripleSink(channel: channel, batchSize: batchSize)
            do {
                try produce(&producer)
                producer.flush()
            } catch {
                outcome.error.withLock { $0 = error }
            }
            channel.send([])
            outcome.done.signal()
        }
        var failure: (any Error)?
        while true {
            let batch = channel.receive()
            if batch.isEmpty { break }
            guard failure == nil else { continue }  // keep draining so the producer never blocks
            do {
                for t in batch { try consume(t) }
            } catch {
                failure = error
            }
        }
        outcome.done.wait()
        if let e = outcome.error.withLock({ $0 }) { throw e }
        if let failure { throw failure }
    }
}
