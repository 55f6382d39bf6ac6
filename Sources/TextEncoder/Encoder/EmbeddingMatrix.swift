/// Sentence embeddings: `count` rows of `dimension` float32 values, row-major.
public struct EmbeddingMatrix: Sendable, Equatable {
    /// Number of sentences.
    public let count: Int
    /// Values per sentence (384 for all-MiniLM-L6-v2).
    public let dimension: Int
    /// `count · dimension` values; row `i` is `values[i·dimension ..< (i+1)·dimension]`.
    public var values: [Float]

    public init(count: Int, dimension: Int, values: [Float]) {
        precondition(values.count == count * dimension)
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// The embedding of sentence `i`.
    public subscript(i: Int) -> ArraySlice<Float> {
        values[(i * dimension)..<((i + 1) * dimension)]
    }
}
