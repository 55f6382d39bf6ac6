import Foundation

/// all-MiniLM-L6-v2 as a sentence encoder: BERT tokenisation, the 6-layer encoder in float32,
/// mean pooling over every token (markers included) and L2 normalisation, matching
/// sentence-transformers' output.
///
/// Sentences are processed in batches; within a batch the token rows of all sentences are stacked
/// without padding (each sentence attends only to its own rows, which is exactly what padding plus
/// an attention mask computes, minus the wasted rows). `threads` splits each matrix multiply, the
/// attention heads and the normalisations of a batch over that many threads.
public struct SentenceEncoder: Sendable {
    /// The tokenizer (usable on its own).
    public let tokenizer: BertTokenizer
    /// The architecture.
    public var config: BertConfig { weights.config }
    /// Embedding width (384).
    public var dimension: Int { weights.config.hiddenSize }

    let weights: BertWeights

    /// Token rows per forward pass: a batch whose sentences need more is split, bounding memory.
    public var maxRowsPerPass = 4096

    /// Loads `config.json`, `vocab.txt` and `model.safetensors`, validating each.
    public init(files: ModelFiles) throws {
        try files.checkPresent()
        let config = try BertConfig(contentsOf: files.config)
        let vocabulary = try Vocabulary(contentsOf: files.vocabulary)
        guard vocabulary.count == config.vocabularySize else {
            throw ModelError.configMismatch(
                file: files.vocabulary.path, key: "number of tokens",
                expected: "\(config.vocabularySize) (vocab_size)", found: "\(vocabulary.count)")
        }
        let file = try SafetensorsFile(path: files.safetensors.path)
        self.weights = try BertWeights(file: file, config: config)
        // sentence-transformers' max_seq_length; positions allow up to 512.
        self.tokenizer = BertTokenizer(vocabulary: vocabulary, maxLength: min(256, config.maxPositions))
    }

    /// Embeds `sentences` (one L2-normalised row each, in order).
    public func encode(_ sentences: [String], batchSize: Int = 32, threads: Int = 1) -> EmbeddingMatrix {
        encode(tokenized: sentences.map { tokenizer.encode($0).ids }, batchSize: batchSize, threads: threads)
    }

    /// Embeds already tokenised sentences (ids with `[CLS]`/`[SEP]`, at most 512 each).
    ///
    /// With several threads and at least as many passes as threads, whole passes run on the
    /// threads side by side (no synchronisation inside a pass); otherwise each pass splits its
    /// matrix multiplies and attention heads over the threads.
    public func encode(tokenized: [[Int32]], batchSize: Int = 32, threads: Int = 1) -> EmbeddingMatrix {
        let h = dimension
        var values = [Float](repeating: 0, count: tokenized.count * h)
        let passes = passRanges(tokenized, batchSize: max(1, batchSize))
        let threads = max(1, threads)
        values.withUnsafeMutableBufferPointer { out in
            let output = SharedFloats(pointer: out.baseAddress!)
            if threads > 1 && passes.count >= threads {
                let next = WorkCounter()
                Parallel.forChunks(threads, threads: threads) { _ in
                    while case let p = next.take(), p < passes.count {
                        let range = passes[p]
                        forward(Array(tokenized[range]), threads: 1, output: output.pointer + range.lowerBound * h)
                    }
                }
            } else {
                for range in passes {
                    forward(Array(tokenized[range]), threads: threads, output: output.pointer + range.lowerBound * h)
                }
            }
        }
        return EmbeddingMatrix(count: tokenized.count, dimension: h, values: values)
    }

    /// The sentence ranges of the forward passes: batches of `batchSize`, each split further when
    /// its token rows exceed `maxRowsPerPass`.
    private func passRanges(_ tokenized: [[Int32]], batchSize: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < tokenized.count {
            let end = min(tokenized.count, start + batchSize)
            var passStart = start
            while passStart < end {
                var passEnd = passStart
                var rows = 0
                while passEnd < end, passEnd == passStart || rows + tokenized[passEnd].count <= maxRowsPerPass {
                    rows += tokenized[passEnd].count
                    passEnd += 1
                }
                ranges.append(passStart..<passEnd)
                passStart = passEnd
            }
            start = end
        }
        return ranges
    }

    /// One forward pass over `sequences`, writing one pooled, normalised row per sequence to `output`.
    private func forward(_ sequences: [[Int32]], threads: Int, output: UnsafeMutablePointer<Float>) {
        let config = weights.config
        let h = config.hiddenSize
        let maxPositions = config.maxPositions
        var starts: [Int] = []
        var rows = 0
        for s in sequences {
            starts.append(rows)
            rows += min(s.count, maxPositions)
        }
        let lengths = sequences.map { min($0.count, maxPositions) }
        let work = EncoderWorkspace(rows: rows, config: config)
        defer { work.deallocate() }
        let eps = config.layerNormEpsilon

        // Embeddings: word + (position + token type 0), then LayerNorm.
        weights.wordEmbeddings.withUnsafeBufferPointer { word in
            weights.positionAndTypeEmbeddings.withUnsafeBufferPointer { position in
                for (s, ids) in sequences.enumerated() {
                    for p in 0..<lengths[s] {
                        let id = Int(ids[p])
                        precondition(id >= 0 && id < config.vocabularySize, "token id \(id) outside the vocabulary")
                        let row = work.hidden + (starts[s] + p) * h
                        for c in 0..<h { row[c] = word[id * h + c] + position[p * h + c] }
                    }
                }
            }
        }
        addAndNormalize(SharedFloats(pointer: work.hidden), residual: nil, rows: rows,
                        scale: weights.embeddingNormScale, bias: weights.embeddingNormBias, epsilon: eps,
                        threads: threads)

        for layer in weights.layers {
            encoderLayer(layer, work: work, starts: starts, lengths: lengths, threads: threads)
        }

        // Mean pooling over all rows of each sentence, then L2 normalisation.
        for s in sequences.indices {
            let out = output + s * h
            var sum = [Double](repeating: 0, count: h)
            for r in starts[s]..<(starts[s] + lengths[s]) {
                let row = work.hidden + r * h
                for c in 0..<h { sum[c] += Double(row[c]) }
            }
            let n = Double(max(lengths[s], 1))
            var norm = 0.0
            for c in 0..<h {
                sum[c] /= n
                norm += sum[c] * sum[c]
            }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            for c in 0..<h { out[c] = Float(sum[c] * inverse) }
        }
    }

    /// One transformer layer, in place on `work.hidden`.
    private func encoderLayer(
        _ layer: LayerWeights, work: EncoderWorkspace, starts: [Int], lengths: [Int], threads: Int
    ) {
        let config = weights.config
        let h = config.hiddenSize
        let rows = work.rows
        let eps = config.layerNormEpsilon
        let hidden = SharedFloats(pointer: work.hidden)
        let qkv = SharedFloats(pointer: work.queryKeyValue)
        let context = SharedFloats(pointer: work.context)
        let projected = SharedFloats(pointer: work.projected)
        let intermediate = SharedFloats(pointer: work.intermediate)

        linear(hidden, rows: rows, layer.queryKeyValue, into: qkv, threads: threads)

        // Attention: one task per (sentence, head).
        let heads = config.heads
        let headSize = config.headSize
        let longest = lengths.max() ?? 0
        let tasks = lengths.count * heads
        Parallel.forChunks(tasks, threads: threads) { range in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(longest, 1))
            defer { scores.deallocate() }
            for task in range {
                let s = task / heads, head = task % heads
                let first = qkv.pointer + starts[s] * 3 * h + head * headSize
                Attention.head(
                    q: first, k: first + h, v: first + 2 * h, stride: 3 * h,
                    context: context.pointer + starts[s] * h + head * headSize, contextStride: h,
                    length: lengths[s], headSize: headSize, scores: scores)
            }
        }

        linear(context, rows: rows, layer.attentionOutput, into: projected, threads: threads)
        addAndNormalize(projected, residual: hidden, rows: rows, scale: layer.attentionNormScale,
                        bias: layer.attentionNormBias, epsilon: eps, threads: threads)
        // The normalised attention output is now in `projected`; the feed-forward reads it.
        linear(projected, rows: rows, layer.intermediate, into: intermediate, threads: threads, gelu: true)
        linear(intermediate, rows: rows, layer.output, into: hidden, threads: threads)
        addAndNormalize(hidden, residual: projected, rows: rows, scale: layer.outputNormScale,
                        bias: layer.outputNormBias, epsilon: eps, threads: threads)
    }

    /// `y = x · Wᵀ + b` (optionally GELU), output panels split over the threads.
    private func linear(
        _ x: SharedFloats, rows: Int, _ weight: PackedMatrix, into y: SharedFloats, threads: Int, gelu: Bool = false
    ) {
        let panels = weight.outputs / PackedMatrix.panelWidth
        Parallel.forChunks(panels, threads: threads) { range in
            MatrixMultiply.multiply(x: x.pointer, rows: rows, weight: weight, y: y.pointer, panels: range, gelu: gelu)
        }
    }

    /// `x ← LayerNorm(x + residual)` (just the norm when `residual` is nil), rows split over the threads.
    private func addAndNormalize(
        _ x: SharedFloats, residual: SharedFloats?, rows: Int, scale: [Float], bias: [Float], epsilon: Float,
        threads: Int
    ) {
        let h = weights.config.hiddenSize
        // A few hundred rows normalise in microseconds: not worth waking a second thread.
        Parallel.forChunks(rows, threads: rows >= 512 ? threads : 1) { range in
            scale.withUnsafeBufferPointer { s in
                bias.withUnsafeBufferPointer { b in
                    Normalization.layerNorm(
                        x.pointer, residual: residual?.pointer, rows: range, width: h,
                        scale: s.baseAddress!, bias: b.baseAddress!, epsilon: epsilon)
                }
            }
        }
    }
}
