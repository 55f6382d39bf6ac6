/// Activation buffers for one forward pass over `rows` token rows, allocated zeroed and freed by
/// `deallocate()`.
struct EncoderWorkspace {
    let rows: Int
    /// `[rows, hidden]`: the hidden states between sub-layers.
    let hidden: UnsafeMutablePointer<Float>
    /// `[rows, 3·hidden]`: query, key and value side by side.
    let queryKeyValue: UnsafeMutablePointer<Float>
    /// `[rows, hidden]`: the attention context, later the output-projection result.
    let context: UnsafeMutablePointer<Float>
    /// `[rows, hidden]`: the result of a projection before the residual add.
    let projected: UnsafeMutablePointer<Float>
    /// `[rows, intermediate]`: the feed-forward activations.
    let intermediate: UnsafeMutablePointer<Float>

    init(rows: Int, config: BertConfig) {
        self.rows = rows
        let padded = max(rows, 1)
        func buffer(_ width: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: padded * width)
            p.initialize(repeating: 0, count: padded * width)
            return p
        }
        hidden = buffer(config.hiddenSize)
        queryKeyValue = buffer(3 * config.hiddenSize)
        context = buffer(config.hiddenSize)
        projected = buffer(config.hiddenSize)
        intermediate = buffer(config.intermediateSize)
    }

    func deallocate() {
        hidden.deallocate()
        queryKeyValue.deallocate()
        context.deallocate()
        projected.deallocate()
        intermediate.deallocate()
    }
}
