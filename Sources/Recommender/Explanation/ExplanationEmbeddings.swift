/// Entity and relation vectors used to score each step's plausibility as TransE does:
/// `−‖e_h + e_r − e_t‖₂` for the stored triple `(h, r, t)` of the step (whatever direction the
/// path walks it). Plain arrays so any trainer's output (TransE alone or a joint model sharing item
/// vectors) can be passed in; ids are the store's entity and relation ids.
public struct ExplanationEmbeddings: Sendable {
    public let dimension: Int
    /// Row-major `entityCount × dimension`.
    public let entityVectors: [Float]
    /// Row-major `relationCount × dimension`.
    public let relationVectors: [Float]

    /// Checks the shapes against `entityCount` and `relationCount`.
    public init(dimension: Int, entityVectors: [Float], relationVectors: [Float], entityCount: Int, relationCount: Int) throws(ExplanationError) {
        guard dimension > 0 else { throw .vectorShape(expected: "a positive dimension", found: "\(dimension)") }
        guard entityVectors.count == entityCount * dimension else {
            throw .vectorShape(expected: "\(entityCount) entity vectors of \(dimension)", found: "\(entityVectors.count) floats")
        }
        guard relationVectors.count == relationCount * dimension else {
            throw .vectorShape(expected: "\(relationCount) relation vectors of \(dimension)", found: "\(relationVectors.count) floats")
        }
        self.dimension = dimension
        self.entityVectors = entityVectors
        self.relationVectors = relationVectors
    }

    /// `−‖e_h + e_r − e_t‖₂`.
    @inlinable
    public func plausibility(head: Int32, relation: Int32, tail: Int32) -> Float {
        let d = dimension
        return entityVectors.withUnsafeBufferPointer { e in
            relationVectors.withUnsafeBufferPointer { r in
                let h = e.baseAddress! + Int(head) * d, t = e.baseAddress! + Int(tail) * d, rv = r.baseAddress! + Int(relation) * d
                var s: Float = 0
                for k in 0..<d {
                    let x = h[k] + rv[k] - t[k]
                    s += x * x
                }
                return -s.squareRoot()
            }
        }
    }
}
