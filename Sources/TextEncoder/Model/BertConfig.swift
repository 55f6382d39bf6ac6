import Foundation

/// The architecture settings of a BERT encoder, read from `config.json`.
public struct BertConfig: Sendable, Equatable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float
    public var activation: String

    /// all-MiniLM-L6-v2: the only configuration this encoder accepts.
    public static let miniLML6 = BertConfig(
        hiddenSize: 384, layers: 6, heads: 12, intermediateSize: 1536, vocabularySize: 30522,
        maxPositions: 512, typeVocabularySize: 2, layerNormEpsilon: 1e-12, activation: "gelu")

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / heads }

    public init(
        hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, vocabularySize: Int,
        maxPositions: Int, typeVocabularySize: Int, layerNormEpsilon: Float, activation: String
    ) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.activation = activation
    }

    /// Reads `config.json` and checks it describes `expected` (default all-MiniLM-L6-v2).
    public init(contentsOf url: URL, expecting expected: BertConfig = .miniLML6) throws {
        let file = url.path
        let object: [String: Any]
        do {
            let data = try Data(contentsOf: url)
            guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ModelError.unreadableConfig(file: file, detail: "top level is not a JSON object")
            }
            object = o
        } catch let e as ModelError {
            throw e
        } catch {
            throw ModelError.unreadableConfig(file: file, detail: "not readable as JSON (\(error))")
        }
        func int(_ key: String, _ want: Int) throws -> Int {
            guard let v = object[key] else {
                throw ModelError.configMismatch(file: file, key: key, expected: "\(want)", found: "absent")
            }
            guard let i = v as? Int, i == want else {
                throw ModelError.configMismatch(file: file, key: key, expected: "\(want)", found: "\(v)")
            }
            return i
        }
        self.hiddenSize = try int("hidden_size", expected.hiddenSize)
        self.layers = try int("num_hidden_layers", expected.layers)
        self.heads = try int("num_attention_heads", expected.heads)
        self.intermediateSize = try int("intermediate_size", expected.intermediateSize)
        self.vocabularySize = try int("vocab_size", expected.vocabularySize)
        self.maxPositions = try int("max_position_embeddings", expected.maxPositions)
        self.typeVocabularySize = try int("type_vocab_size", expected.typeVocabularySize)
        let eps = (object["layer_norm_eps"] as? Double) ?? Double(expected.layerNormEpsilon)
        guard Float(eps) == expected.layerNormEpsilon else {
            throw ModelError.configMismatch(file: file, key: "layer_norm_eps", expected: "\(expected.layerNormEpsilon)", found: "\(eps)")
        }
        self.layerNormEpsilon = Float(eps)
        let act = (object["hidden_act"] as? String) ?? expected.activation
        guard act == expected.activation else {
            throw ModelError.configMismatch(file: file, key: "hidden_act", expected: expected.activation, found: act)
        }
        self.activation = act
        if let kind = object["position_embedding_type"] as? String, kind != "absolute" {
            throw ModelError.configMismatch(file: file, key: "position_embedding_type", expected: "absolute", found: kind)
        }
    }
}
