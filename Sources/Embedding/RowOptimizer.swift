/// A gradient-descent rule applied row by row (sparse updates): only rows that received a
/// gradient in a mini-batch are touched, once per mini-batch, with the mini-batch's summed gradient.
///
/// An optimiser instance belongs to one ``EmbeddingTable`` and keeps its per-row state in
/// tables of the same row count, so its memory is proportional to the table, never to the triples.
public protocol RowOptimizer: Sendable {
    /// Values shared by every row updated in one optimisation step (e.g. Adam's bias corrections),
    /// computed once per mini-batch rather than once per row.
    associatedtype StepParameters
    /// The parameters of step `iteration` (1-based global mini-batch number).
    func parameters(iteration: Int) -> StepParameters
    /// Updates row `index` (`weights` points at it) with `gradient` (padded row, `stride` floats).
    func step(row index: Int, weights: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, stride: Int, parameters: StepParameters)
    /// Reads every cache line of row `index`'s state ahead of its update (see
    /// ``VectorKernels/touch(_:stride:)``); returns a value the caller must consume.
    func touchState(row index: Int) -> Float
    /// Bytes of optimiser state.
    var stateBytes: Int { get }
}

/// The optimisers the command line offers.
public enum OptimizerKind: String, Sendable, CaseIterable, Codable {
    case adam, adagrad, sgd
}
