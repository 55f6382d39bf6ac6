import Embedding

/// User and item vectors in compact, 32-byte aligned row-major buffers, scoring every item for a
/// user as ⟨u, v_j⟩ + b_j: one sequential SIMD pass over the item matrix (the cost of reading it once).
public struct DotProductScorer: Sendable {
    public let dimension: Int
    /// Floats per row (dimension rounded up to a multiple of 8, padding zero).
    public let stride: Int
    public let userCount: Int
    public let itemCount: Int
    /// `userCount × stride`.
    public let userVectors: [Float]
    /// `itemCount × stride`.
    public let itemVectors: [Float]
    /// Per-item score bias b_j.
    public let itemBias: [Float]

    /// Vectors as flat arrays of `dimension` floats per row; `itemBias` empty = no biases.
    public init(dimension: Int, users: [Float], items: [Float], itemBias: [Float] = []) {
        precondition(dimension > 0 && users.count % dimension == 0 && items.count % dimension == 0)
        self.dimension = dimension
        stride = EmbeddingTable.paddedStride(dimension)
        userCount = users.count / dimension
        itemCount = items.count / dimension
        userVectors = Self.padded(users, dimension: dimension, stride: stride)
        itemVectors = Self.padded(items, dimension: dimension, stride: stride)
        precondition(itemBias.isEmpty || itemBias.count == itemCount)
        self.itemBias = itemBias.isEmpty ? [Float](repeating: 0, count: itemCount) : itemBias
    }

    /// Copies the user table and the items' rows of a joint model.
    public init(users: EmbeddingTable, items: EmbeddingTable, itemRows: [Int32], itemBias: [Float] = []) {
        let d = users.dimension
        var u = [Float](), v = [Float]()
        u.reserveCapacity(users.rows * d)
        v.reserveCapacity(itemRows.count * d)
        for r in 0..<users.rows { u += UnsafeBufferPointer(start: users.row(r), count: d) }
        for r in itemRows { v += UnsafeBufferPointer(start: items.row(Int(r)), count: d) }
        self.init(dimension: d, users: u, items: v, itemBias: itemBias)
    }

    static func padded(_ x: [Float], dimension d: Int, stride: Int) -> [Float] {
        let rows = x.count / d
        var out = [Float](repeating: 0, count: rows * stride)
        for r in 0..<rows { for j in 0..<d { out[r * stride + j] = x[r * d + j] } }
        return out
    }

    /// `out[j] = scale·⟨user, v_j⟩` (or `+=` when `accumulate`), for all items.
    public func scores(user: Int, scale: Float = 1, accumulate: Bool = false, into out: UnsafeMutableBufferPointer<Float>) {
        userVectors.withUnsafeBufferPointer { ub in
            scores(query: ub.baseAddress! + user * stride, scale: scale, accumulate: accumulate, into: out)
        }
    }

    /// `out[j] = scale·⟨query, v_j⟩` (or `+=`), `query` being `stride` floats.
    public func scores(query: UnsafePointer<Float>, scale: Float = 1, accumulate: Bool = false, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count >= itemCount)
        let o = out.baseAddress!
        itemVectors.withUnsafeBufferPointer { vb in
          itemBias.withUnsafeBufferPointer { bias in
            let v = UnsafeRawPointer(vb.baseAddress!)
            let q = UnsafeRawPointer(query)
            let chunks = stride / 8
            for j in 0..<itemCount {
                let row = v + j &* stride &* 4
                var acc = SIMD8<Float>.zero
                for c in 0..<chunks {
                    acc += q.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self)
                        * row.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self)
                }
                let s = (acc.sum() + bias[j]) * scale
                o[j] = accumulate ? o[j] + s : s
            }
          }
        }
    }
}
