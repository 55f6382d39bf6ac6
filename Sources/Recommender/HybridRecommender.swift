/// The trained warm ranker. Two parts, blended on a common scale:
/// - a dense item × item score matrix `M` (the autoencoder weights blended with the propagation
///   walk), so a user's item-based score is the sum of the rows of their training items — a few
///   dozen SIMD row additions over the catalogue;
/// - optionally the joint embedding (user and item vectors trained with BPR/softmax + TransE):
///   ⟨u, v_j⟩, one SIMD pass over the item vectors.
///
/// score(u, j) = matrixWeight · Σ_{i∈u} M[i, j] + embeddingWeight · ⟨u, v_j⟩, then a bounded-heap
/// top-k. The weights include each part's scale normalisation (see ``HybridTrainer``).
public final class HybridRecommender: Sendable {
    public let itemCount: Int
    /// Row stride of `matrix` in floats (itemCount rounded up to a multiple of 8; padding is zero).
    public let stride: Int
    /// Row-major `itemCount × stride` scores, read-only after construction.
    public let matrix: [Float]
    /// The training positives (the items a user is credited with, and which are excluded).
    public let interactions: InteractionMatrix
    /// Score of each item for a user without training items (item popularity), scaled like `M`.
    public let fallback: [Float]
    /// The joint embedding part, if any.
    public let embedding: DotProductScorer?
    /// Multiplier of the item-based part.
    public let matrixWeight: Float
    /// Multiplier of the embedding part.
    public let embeddingWeight: Float

    /// - Parameter weights: row-major `itemCount²` item → item scores.
    public convenience init(weights: [Double], interactions: InteractionMatrix, embedding: DotProductScorer? = nil,
                            matrixWeight: Float = 1, embeddingWeight: Float = 0) {
        let n = interactions.itemCount
        precondition(weights.count == n * n)
        let stride = (n + 7) & ~7
        var m = [Float](repeating: 0, count: n * stride)
        for i in 0..<n { for j in 0..<n { m[i * stride + j] = Float(weights[i * n + j]) } }
        self.init(matrix: m, interactions: interactions, embedding: embedding, matrixWeight: matrixWeight, embeddingWeight: embeddingWeight)
    }

    /// - Parameter matrix: row-major `itemCount × stride` (stride = itemCount rounded up to 8, padding zero).
    public init(matrix: [Float], interactions: InteractionMatrix, embedding: DotProductScorer?,
                matrixWeight: Float, embeddingWeight: Float) {
        let n = interactions.itemCount
        precondition(embedding == nil || embedding!.itemCount == n)
        self.embedding = embedding
        self.matrixWeight = matrixWeight
        self.embeddingWeight = embedding == nil ? 0 : embeddingWeight
        itemCount = n
        stride = (n + 7) & ~7
        precondition(matrix.count == n * stride)
        self.matrix = matrix
        self.interactions = interactions
        fallback = (0..<n).map { Float(interactions.degree(item: $0)) }
    }

    /// Writes the user's score for every item into `scores` (`itemCount` floats); items among the
    /// user's training positives get −∞ when `excludeSeen`.
    public func scores(user: Int, excludeSeen: Bool, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(scores.count >= itemCount)
        let items = user < interactions.userCount ? interactions.items(of: user) : []
        let out = scores.baseAddress!
        if items.isEmpty {
            for j in 0..<itemCount { out[j] = fallback[j] }
        } else if matrixWeight == 0 {
            for j in 0..<itemCount { out[j] = 0 }
        } else {
            matrix.withUnsafeBufferPointer { mb in
                let base = mb.baseAddress!
                let chunks = stride / 8
                withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: chunks) { acc in
                    let a = acc.baseAddress!
                    for c in 0..<chunks { a[c] = .zero }
                    for i in items {
                        let row = UnsafeRawPointer(base + Int(i) &* stride)
                        for c in 0..<chunks { a[c] += row.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self) }
                    }
                    let full = itemCount / 8
                    let w = SIMD8<Float>(repeating: matrixWeight)
                    for c in 0..<full { UnsafeMutableRawPointer(out + c * 8).storeBytes(of: a[c] * w, as: SIMD8<Float>.self) }
                    if full < chunks { for j in (full * 8)..<itemCount { out[j] = a[full][j - full * 8] * matrixWeight } }
                }
            }
        }
        if let embedding, embeddingWeight != 0, !items.isEmpty, user < embedding.userCount {
            embedding.scores(user: user, scale: embeddingWeight, accumulate: true, into: scores)
        }
        if excludeSeen { for i in items { out[Int(i)] = -.infinity } }
    }

    /// The user's top-`k` items, best first.
    public func recommend(user: Int, k: Int, excludeSeen: Bool = true) -> [ScoredItem] {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: itemCount) { buf in
            scores(user: user, excludeSeen: excludeSeen, into: buf)
            return TopKSelector.select(UnsafeBufferPointer(buf), k: k)
        }
    }
}
