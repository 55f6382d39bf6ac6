import Dispatch
import Synchronization

/// Splits work over a fixed number of threads with `DispatchQueue.concurrentPerform`.
enum Parallel {
    /// Calls `body` once per chunk of `0 ..< count`, with at most `threads` contiguous chunks running
    /// concurrently; runs inline when one thread (or one chunk) suffices.
    static func forChunks(_ count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = min(max(threads, 1), count)
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { t in
            body((t * count / chunks)..<((t + 1) * count / chunks))
        }
    }
}

/// A raw float buffer shared by the threads of one parallel region, each writing a disjoint part.
///
/// `@unchecked Sendable` because the pointer is only dereferenced inside `Parallel.forChunks`
/// regions whose chunks touch disjoint rows or columns, and the buffer outlives every region.
struct SharedFloats: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
}

/// Hands out consecutive work-item indices to the threads of a parallel region.
final class WorkCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next unclaimed index (grows past the item count once all are taken).
    func take() -> Int {
        next.add(1, ordering: .relaxed).oldValue
    }
}
