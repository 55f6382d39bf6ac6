/// TransE (Bordes et al., 2013): score(h, r, t) = −‖e_h + e_r − e_t‖ under L1 or L2.
///
/// Entity vectors are kept at unit L2 norm (PyKEEN's `entity_constrainer=normalize`, applied after
/// initialisation and after every update of a row); relation vectors are initialised at unit norm
/// and left free, as in PyKEEN.
public struct TransE: Sendable {
    /// One row per entity.
    public let entities: EmbeddingTable
    /// One row per relation.
    public let relations: EmbeddingTable
    /// The norm in the score.
    public let distance: Distance

    /// Vector length.
    public var dimension: Int { entities.dimension }
    /// Number of entities.
    public var entityCount: Int { entities.rows }
    /// Number of relations.
    public var relationCount: Int { relations.rows }

    /// A freshly initialised model: every vector drawn from U(−√(6/d), √(6/d)) (PyKEEN's
    /// `xavier_uniform_`), then scaled to unit L2 norm (entities: the constraint; relations:
    /// PyKEEN's `xavier_uniform_norm_`).
    public init(entityCount: Int, relationCount: Int, dimension: Int, distance: Distance, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed, stream: 0x1417)
        let bound = (6.0 / Float(dimension)).squareRoot()
        entities = EmbeddingTable(rows: entityCount, dimension: dimension)
        relations = EmbeddingTable(rows: relationCount, dimension: dimension)
        entities.fillUniform(bound: bound, using: &rng)
        relations.fillUniform(bound: bound, using: &rng)
        entities.normalizeRows()
        relations.normalizeRows()
        self.distance = distance
    }

    /// A model over existing tables (e.g. loaded from a file). Dimensions must agree.
    public init(entities: EmbeddingTable, relations: EmbeddingTable, distance: Distance) {
        precondition(entities.dimension == relations.dimension, "entity and relation dimensions differ")
        self.entities = entities
        self.relations = relations
        self.distance = distance
    }

    /// −‖h + r − t‖.
    public func score(_ triple: IndexedTriple) -> Float {
        let stride = entities.stride
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: stride) { q in
            VectorKernels.add(entities.row(Int(triple.head)), relations.row(Int(triple.relation)), into: q.baseAddress!, stride: stride)
            return -VectorKernels.distance(q.baseAddress!, entities.row(Int(triple.tail)), stride: stride, distance: distance)
        }
    }

    /// `scores[e] = score(head, relation, e)` for every entity — one pass over the entity table.
    public func scoreTails(head: Int32, relation: Int32, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(scores.count >= entityCount)
        let stride = entities.stride
        withUnsafeTemporaryAllocation(of: Float.self, capacity: stride) { q in
            VectorKernels.add(entities.row(Int(head)), relations.row(Int(relation)), into: q.baseAddress!, stride: stride)
            scoreAgainstAll(query: q.baseAddress!, into: scores)
        }
    }

    /// `scores[e] = score(e, relation, tail)` for every entity — ‖e + r − t‖ = ‖e − (t − r)‖.
    public func scoreHeads(relation: Int32, tail: Int32, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(scores.count >= entityCount)
        let stride = entities.stride
        withUnsafeTemporaryAllocation(of: Float.self, capacity: stride) { q in
            VectorKernels.subtract(entities.row(Int(tail)), relations.row(Int(relation)), into: q.baseAddress!, stride: stride)
            scoreAgainstAll(query: q.baseAddress!, into: scores)
        }
    }

    /// Several tail queries in one pass over the entity table:
    /// `scores[j · entityCount + e] = score(heads[j], relations[j], e)`.
    public func scoreTails(heads: [Int32], relations: [Int32], into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(heads.count == relations.count && scores.count >= heads.count * entityCount)
        scoreQueries(count: heads.count, into: scores) { j, q in
            VectorKernels.add(entities.row(Int(heads[j])), self.relations.row(Int(relations[j])), into: q, stride: entities.stride)
        }
    }

    /// Several head queries in one pass: `scores[j · entityCount + e] = score(e, relations[j], tails[j])`.
    public func scoreHeads(relations: [Int32], tails: [Int32], into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(tails.count == relations.count && scores.count >= tails.count * entityCount)
        scoreQueries(count: tails.count, into: scores) { j, q in
            VectorKernels.subtract(entities.row(Int(tails[j])), self.relations.row(Int(relations[j])), into: q, stride: entities.stride)
        }
    }

    /// Builds `count` query vectors with `prepare`, then scores each against every entity, four
    /// queries per pass so each entity row is loaded once per four queries.
    private func scoreQueries(count: Int, into scores: UnsafeMutableBufferPointer<Float>,
                              prepare: (Int, UnsafeMutablePointer<Float>) -> Void) {
        let stride = entities.stride
        let n = entityCount
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, count) * stride) { buffer in
            let q = buffer.baseAddress!
            for j in 0..<count { prepare(j, q + j * stride) }
            let out = scores.baseAddress!
            var j = 0
            while j + 4 <= count {
                switch distance {
                case .l1: VectorKernels.distances4(q + j * stride, stride: stride, table: entities.base, rows: n, distance: .l1, into: out + j * n, rowStride: n)
                case .l2: VectorKernels.distances4(q + j * stride, stride: stride, table: entities.base, rows: n, distance: .l2, into: out + j * n, rowStride: n)
                }
                j += 4
            }
            while j < count {
                scoreAgainstAll(query: q + j * stride, into: UnsafeMutableBufferPointer(start: out + j * n, count: n))
                j += 1
            }
        }
    }

    private func scoreAgainstAll(query: UnsafePointer<Float>, into scores: UnsafeMutableBufferPointer<Float>) {
        let stride = entities.stride
        let base = entities.base
        let out = scores.baseAddress!
        switch distance {
        case .l1:
            for e in 0..<entityCount {
                out[e] = -VectorKernels.distance(query, base + e &* stride, stride: stride, distance: .l1)
            }
        case .l2:
            for e in 0..<entityCount {
                out[e] = -VectorKernels.distance(query, base + e &* stride, stride: stride, distance: .l2)
            }
        }
    }
}
