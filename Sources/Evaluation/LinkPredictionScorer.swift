/// Anything that scores candidate triples for link prediction (higher = more plausible).
///
/// Each call scores one query against *all* entities in one pass, so models can vectorise it.
/// Implementations must be safe to call from several threads at once (they only read).
public protocol LinkPredictionScorer: Sendable {
    /// Number of candidate entities (ids `0..<entityCount`).
    var entityCount: Int { get }
    /// `scores[e] = score(head, relation, e)` for every entity `e`.
    func scoreTails(head: Int32, relation: Int32, into scores: UnsafeMutableBufferPointer<Float>)
    /// `scores[e] = score(e, relation, tail)` for every entity `e`.
    func scoreHeads(relation: Int32, tail: Int32, into scores: UnsafeMutableBufferPointer<Float>)
    /// Scores several tail queries in one pass over the candidates:
    /// `scores[j · entityCount + e] = score(heads[j], relations[j], e)`.
    /// A default implementation calls ``scoreTails(head:relation:into:)`` per query; models override
    /// it to read each candidate once for all queries (far less memory traffic on large graphs).
    func scoreTails(heads: [Int32], relations: [Int32], into scores: UnsafeMutableBufferPointer<Float>)
    /// Several head queries at once: `scores[j · entityCount + e] = score(e, relations[j], tails[j])`.
    func scoreHeads(relations: [Int32], tails: [Int32], into scores: UnsafeMutableBufferPointer<Float>)
}

extension LinkPredictionScorer {
    public func scoreTails(heads: [Int32], relations: [Int32], into scores: UnsafeMutableBufferPointer<Float>) {
        let n = entityCount
        for j in heads.indices {
            scoreTails(head: heads[j], relation: relations[j], into: UnsafeMutableBufferPointer(rebasing: scores[(j * n)..<((j + 1) * n)]))
        }
    }

    public func scoreHeads(relations: [Int32], tails: [Int32], into scores: UnsafeMutableBufferPointer<Float>) {
        let n = entityCount
        for j in tails.indices {
            scoreHeads(relation: relations[j], tail: tails[j], into: UnsafeMutableBufferPointer(rebasing: scores[(j * n)..<((j + 1) * n)]))
        }
    }
}
