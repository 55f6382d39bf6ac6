/// Receives the triples a parser streams out.
///
/// Parsers never build a graph themselves: they hand each triple to a sink as
/// soon as it is complete. A sink may throw to stop the parse (the error is
/// propagated unchanged to the caller of `parse`).
public protocol TripleSink {
    /// Called once per parsed triple, in document order.
    mutating func consume(_ triple: Triple) throws
}

/// A sink that forwards each triple to a closure.
public struct ClosureSink: TripleSink {
    @usableFromInline let body: (Triple) throws -> Void

    /// Wraps `body`.
    @inlinable public init(_ body: @escaping (Triple) throws -> Void) { self.body = body }

    @inlinable public mutating func consume(_ triple: Triple) throws { try body(triple) }
}

/// A sink that collects every triple into an array (for tests and small files).
public struct CollectingSink: TripleSink {
    /// The triples received so far, in order.
    public var triples: [Triple] = []

    public init() {}

    @inlinable public mutating func consume(_ triple: Triple) throws { triples.append(triple) }
}

/// A sink that only counts triples.
public struct CountingSink: TripleSink {
    /// Number of triples received.
    public var count: Int = 0

    public init() {}

    @inlinable public mutating func consume(_ triple: Triple) throws { count += 1 }
}
