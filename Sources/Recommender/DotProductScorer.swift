import Embedding

/// User and item vectors scoring every item for a user as ⟨u, v_j⟩ + b_j in one sequential SIMD
/// pass over the item matrix — the cost of reading it once.
///
/// Items are stored in blocks of 8, dimension-major inside a block (`block[d]` is a `SIMD8` of
/// the 8 items' d-th components), so scoring a block is `dimension` broadcast multiply-adds into
/// one `SIMD8` of 8 scores: no horizontal reduction per item, and the scores are stored 8 at a time.
public struct DotProductScorer: Sendable {
    public let dimension: Int
    /// Floats per user row (dimension rounded up to a multiple of 8, padding zero).
    public let stride: Int
    public let userCount: Int
    public let itemCount: Int
    /// `userCount × stride`.
    public let userVectors: [Float]
    /// `ceil(itemCount / 8)` blocks of `dimension × 8` floats (items past `itemCount` are zero).
    public let itemBlocks: [Float]
    /// Per-item score bias b_j, padded with zeros to a multiple of 8.
    public let itemBias: [Float]

    /// Vectors as flat arrays of `dimension` floats per row; `itemBias` empty = no biases.
    public init(dimension: Int, users: [Float], items: [Float], itemBias: [Float] = []) {
        precondition(dimension > 0 && users.count % dimension == 0 && items.count % dimension == 0)
        self.dimension = dimension
        stride = EmbeddingTable.paddedStride(dimension)
        userCount = users.count / dimension
        itemCount = items.count / dimension
        var u = [Float](repeating: 0, count: userCount * stride)
        for r in 0..<userCount { for j in 0..<dimension { u[r * stride + j] = users[r * dimension + j] } }
        userVectors = u
        let blocks = (itemCount + 7) / 8
        var b = [Float](repeating: 0, count: blocks * dimension * 8)
        for i in 0..<itemCount {
            for d in 0..<dimension { b[(i / 8) * dimension * 8 + d * 8 + i % 8] = items[i * dimension + d] }
        }
        itemBlocks = b
        precondition(itemBias.isEmpty || itemBias.count == itemCount)
        var bias = [Float](repeating: 0, count: blocks * 8)
        for (i, x) in itemBias.enumerated() { bias[i] = x }
        self.itemBias = bias
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

    /// Item `j`'s vector (`dimension` floats).
    public func itemVector(_ j: Int) -> [Float] {
        (0..<dimension).map { itemBlocks[(j / 8) * dimension * 8 + $0 * 8 + j % 8] }
    }

    /// `out[j] = scale·(⟨user, v_j⟩ + b_j)` (or `+=` when `accumulate`), for all items.
    public func scores(user: Int, scale: Float = 1, accumulate: Bool = false, into out: UnsafeMutableBufferPointer<Float>) {
        userVectors.withUnsafeBufferPointer { ub in
            scores(query: ub.baseAddress! + user * stride, scale: scale, accumulate: accumulate, into: out)
        }
    }

    /// `out[j] = scale·(⟨query, v_j⟩ + b_j)` (or `+=`), `query` being `dimension` floats.
    public func scores(query: UnsafePointer<Float>, scale: Float = 1, accumulate: Bool = false, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count >= itemCount)
        let o = out.baseAddress!
        let d = dimension
        let sv = SIMD8<Float>(repeating: scale)
        let full = itemCount / 8
        itemBlocks.withUnsafeBufferPointer { vb in
            itemBias.withUnsafeBufferPointer { bb in
                let v = UnsafeRawPointer(vb.baseAddress!)
                let bias = UnsafeRawPointer(bb.baseAddress!)
                let blocks = (itemCount + 7) / 8
                for blk in 0..<blocks {
                    let base = v + blk &* d &* 32
                    var a0 = SIMD8<Float>.zero, a1 = SIMD8<Float>.zero
                    var k = 0
                    while k &+ 1 < d {
                        a0 += SIMD8(repeating: query[k]) * base.loadUnaligned(fromByteOffset: k &* 32, as: SIMD8<Float>.self)
                        a1 += SIMD8(repeating: query[k &+ 1]) * base.loadUnaligned(fromByteOffset: (k &+ 1) &* 32, as: SIMD8<Float>.self)
                        k &+= 2
                    }
                    if k < d { a0 += SIMD8(repeating: query[k]) * base.loadUnaligned(fromByteOffset: k &* 32, as: SIMD8<Float>.self) }
                    var s = (a0 + a1 + bias.loadUnaligned(fromByteOffset: blk &* 32, as: SIMD8<Float>.self)) * sv
                    if blk < full {
                        let p = UnsafeMutableRawPointer(o + blk &* 8)
                        if accumulate { s += p.loadUnaligned(as: SIMD8<Float>.self) }
                        p.storeBytes(of: s, as: SIMD8<Float>.self)
                    } else {
                        for t in 0..<(itemCount - blk * 8) { o[blk * 8 + t] = accumulate ? o[blk * 8 + t] + s[t] : s[t] }
                    }
                }
            }
        }
    }
}

extension DotProductScorer {
    /// One scorer whose score is `Σ_k scale_k·(⟨u_k, v_kj⟩ + b_kj) + bias_j`: the parts' user
    /// vectors (scaled) and item vectors side by side, biases summed with their scales plus `bias`.
    /// Users missing from a part get zeros there. All parts must score the same items. Without
    /// parts the scorer holds only `bias` (one zero dimension).
    public static func concatenating(_ parts: [(scorer: DotProductScorer, scale: Float)], bias extra: [Float] = []) -> DotProductScorer {
        precondition(!parts.isEmpty || !extra.isEmpty)
        let n = parts.first?.scorer.itemCount ?? extra.count
        precondition(parts.allSatisfy { $0.scorer.itemCount == n } && (extra.isEmpty || extra.count == n))
        let d = max(1, parts.reduce(0) { $0 + $1.scorer.dimension })
        let users = parts.map(\.scorer.userCount).max() ?? 0
        var u = [Float](repeating: 0, count: users * d), v = [Float](repeating: 0, count: n * d)
        var bias = extra.isEmpty ? [Float](repeating: 0, count: n) : extra
        var offset = 0
        for (scorer, scale) in parts {
            let k = scorer.dimension
            for r in 0..<scorer.userCount {
                for t in 0..<k { u[r * d + offset + t] = scale * scorer.userVectors[r * scorer.stride + t] }
            }
            for j in 0..<n {
                for (t, x) in scorer.itemVector(j).enumerated() { v[j * d + offset + t] = x }
                bias[j] += scale * scorer.itemBias[j]
            }
            offset += k
        }
        return DotProductScorer(dimension: d, users: u, items: v, itemBias: bias)
    }
}
