/// The weights of one transformer layer, with the linear layers packed for `MatrixMultiply`.
struct LayerWeights: Sendable {
    /// Query, key and value projections fused: outputs `0..<H` query, `H..<2H` key, `2H..<3H` value.
    var queryKeyValue: PackedMatrix
    var attentionOutput: PackedMatrix
    var attentionNormScale: [Float]
    var attentionNormBias: [Float]
    var intermediate: PackedMatrix
    var output: PackedMatrix
    var outputNormScale: [Float]
    var outputNormBias: [Float]
}

/// All weights of the encoder, copied out of the safetensors file (the mapping is not kept).
struct BertWeights: Sendable {
    var config: BertConfig
    /// `[vocabulary, hidden]`.
    var wordEmbeddings: [Float]
    /// `[maxPositions, hidden]` with token-type 0 already added (the encoder never uses type 1).
    var positionAndTypeEmbeddings: [Float]
    var embeddingNormScale: [Float]
    var embeddingNormBias: [Float]
    var layers: [LayerWeights]

    /// Reads the tensors of a HuggingFace `BertModel` checkpoint (names with or without a `bert.`
    /// prefix), checking every dtype (F32) and shape against `config`.
    init(file: SafetensorsFile, config: BertConfig) throws {
        let h = config.hiddenSize, i = config.intermediateSize
        let prefix = file.tensors["embeddings.word_embeddings.weight"] == nil
            && file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func t(_ name: String, _ shape: [Int]) throws -> [Float] {
            try file.floats(prefix + name, shape: shape)
        }
        func linear(_ name: String, outputs: Int, inputs: Int) throws -> PackedMatrix {
            let w = try t(name + ".weight", [outputs, inputs])
            let b = try t(name + ".bias", [outputs])
            return w.withUnsafeBufferPointer { PackedMatrix(rowMajorWeight: $0, bias: b, outputs: outputs, inputs: inputs) }
        }
        self.config = config
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [config.vocabularySize, h])
        var positions = try t("embeddings.position_embeddings.weight", [config.maxPositions, h])
        let types = try t("embeddings.token_type_embeddings.weight", [config.typeVocabularySize, h])
        for p in 0..<config.maxPositions {
            for c in 0..<h { positions[p * h + c] += types[c] }
        }
        positionAndTypeEmbeddings = positions
        embeddingNormScale = try t("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
        layers = []
        for l in 0..<config.layers {
            let p = "encoder.layer.\(l)."
            let q = try t(p + "attention.self.query.weight", [h, h])
            let k = try t(p + "attention.self.key.weight", [h, h])
            let v = try t(p + "attention.self.value.weight", [h, h])
            let qb = try t(p + "attention.self.query.bias", [h])
            let kb = try t(p + "attention.self.key.bias", [h])
            let vb = try t(p + "attention.self.value.bias", [h])
            let qkv = (q + k + v).withUnsafeBufferPointer {
                PackedMatrix(rowMajorWeight: $0, bias: qb + kb + vb, outputs: 3 * h, inputs: h)
            }
            layers.append(LayerWeights(
                queryKeyValue: qkv,
                attentionOutput: try linear(p + "attention.output.dense", outputs: h, inputs: h),
                attentionNormScale: try t(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
                intermediate: try linear(p + "intermediate.dense", outputs: i, inputs: h),
                output: try linear(p + "output.dense", outputs: h, inputs: i),
                outputNormScale: try t(p + "output.LayerNorm.weight", [h]),
                outputNormBias: try t(p + "output.LayerNorm.bias", [h])))
        }
    }
}
