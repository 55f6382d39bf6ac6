/// A weight matrix of a linear layer, re-laid out for `MatrixMultiply`.
///
/// PyTorch stores a linear layer's weight as `[outputs, inputs]` (row `j` holds the weights of
/// output `j`). The multiply wants, for each group of `PackedMatrix.panelWidth` consecutive outputs,
/// the weights of input `k` side by side, so that one SIMD load gives the contribution of input `k`
/// to all outputs of the group. `PackedMatrix` stores the transposed weight in panels:
/// `panel p` = outputs `p·W ..< (p+1)·W`, laid out `[inputs][W]`, panels one after another.
public struct PackedMatrix: Sendable {
    /// Outputs per panel: one `SIMD16<Float>`.
    public static let panelWidth = 16

    /// Number of inputs (the inner dimension `K`).
    public let inputs: Int
    /// Number of outputs (`N`, a multiple of `panelWidth`).
    public let outputs: Int
    /// The packed weights, `outputs · inputs` floats.
    public let values: [Float]
    /// The bias, `outputs` floats.
    public let bias: [Float]

    /// Packs a row-major `[outputs, inputs]` weight (PyTorch `nn.Linear` layout).
    /// - Precondition: `outputs` is a multiple of `panelWidth`; the counts match.
    public init(rowMajorWeight weight: UnsafeBufferPointer<Float>, bias: [Float], outputs: Int, inputs: Int) {
        precondition(outputs % Self.panelWidth == 0, "outputs must be a multiple of \(Self.panelWidth)")
        precondition(weight.count == outputs * inputs && bias.count == outputs)
        let w = Self.panelWidth
        self.inputs = inputs
        self.outputs = outputs
        self.bias = bias
        self.values = [Float](unsafeUninitializedCapacity: outputs * inputs) { buffer, count in
            for panel in 0..<(outputs / w) {
                let base = panel * inputs * w
                for k in 0..<inputs {
                    for c in 0..<w {
                        buffer[base + k * w + c] = weight[(panel * w + c) * inputs + k]
                    }
                }
            }
            count = outputs * inputs
        }
    }
}
