/// A row-major matrix of `Float` embedding vectors in one contiguous, 64-byte aligned allocation.
///
/// Rows are padded to a multiple of 8 floats (`stride`) so every kernel works on whole
/// `SIMD8<Float>` lanes; the padding is kept at zero and never leaves the table
/// (``vector(_:)``, the file format and exports all use `dimension`).
///
/// `@unchecked Sendable`: this is the Hogwild shared buffer. Training threads read and write
/// rows concurrently *without locks, on purpose* (Recht et al., 2011): with sparse updates
/// collisions are rare and harmless to convergence. Nothing else in the trainer is shared
/// mutably. Outside training (evaluation, export) the table is only read.
public final class EmbeddingTable: @unchecked Sendable {
    /// Number of rows (entities or relations).
    public let rows: Int
    /// Length of each vector.
    public let dimension: Int
    /// Distance in floats between consecutive rows (`dimension` rounded up to a multiple of 8).
    public let stride: Int
    /// Start of the storage.
    public let base: UnsafeMutablePointer<Float>

    /// A zero-filled table.
    public init(rows: Int, dimension: Int) {
        precondition(rows >= 0 && dimension > 0, "EmbeddingTable needs rows >= 0 and dimension > 0")
        self.rows = rows
        self.dimension = dimension
        self.stride = EmbeddingTable.paddedStride(dimension)
        let count = max(1, rows * stride)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.size, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: count)
        base.initialize(repeating: 0, count: count)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }

    /// `dimension` rounded up to a multiple of 8.
    public static func paddedStride(_ dimension: Int) -> Int { (dimension + 7) & ~7 }

    /// Pointer to the first float of row `i`.
    @inlinable
    public func row(_ i: Int) -> UnsafeMutablePointer<Float> { base + i &* stride }

    /// A copy of row `i` without padding.
    public func vector(_ i: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: row(i), count: dimension))
    }

    /// Overwrites row `i` with `values` (`values.count == dimension`).
    public func setVector(_ i: Int, _ values: [Float]) {
        precondition(values.count == dimension, "vector length \(values.count) != dimension \(dimension)")
        values.withUnsafeBufferPointer { row(i).update(from: $0.baseAddress!, count: dimension) }
    }

    /// A deep copy.
    public func copy() -> EmbeddingTable {
        let t = EmbeddingTable(rows: rows, dimension: dimension)
        t.base.update(from: base, count: rows * stride)
        return t
    }

    /// True when both tables have the same shape and bit-identical contents.
    public func isBitwiseEqual(to other: EmbeddingTable) -> Bool {
        guard rows == other.rows, dimension == other.dimension else { return false }
        for i in 0..<(rows * stride) where base[i].bitPattern != other.base[i].bitPattern { return false }
        return true
    }

    /// Fills every row with uniform values in `[-bound, bound)` (padding stays zero).
    public func fillUniform(bound: Float, using rng: inout Xoshiro256StarStar) {
        for i in 0..<rows {
            let r = row(i)
            for j in 0..<dimension { r[j] = (rng.nextUnitFloat() * 2 - 1) * bound }
        }
    }

    /// Scales every row to unit L2 norm (rows of norm zero are left alone).
    public func normalizeRows() {
        for i in 0..<rows { VectorKernels.normalize(row(i), stride: stride) }
    }
}
