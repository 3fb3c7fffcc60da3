import Foundation

/// The shape of a Llama-architecture model (SmolLM2, Llama 2/3, TinyLlama...), read from GGUF
/// metadata (`llama.*` keys) or from a Hugging Face `config.json`.
public struct LlamaConfiguration: Sendable, Equatable {
    /// How rotary embeddings pair up the dimensions of each head.
    public enum RotaryLayout: String, Sendable {
        /// Rotate adjacent pairs (2i, 2i+1): llama.cpp's layout, used for GGUF weights (whose Q and
        /// K rows the converter permuted to match).
        case adjacentPairs
        /// Rotate (i, i + headDimension/2): the layout of Hugging Face safetensors weights.
        case rotateHalf
    }

    /// Number of transformer blocks.
    public var layerCount: Int
    /// Width of the residual stream.
    public var hiddenSize: Int
    /// Width of the SiLU-gated feed-forward layer.
    public var intermediateSize: Int
    /// Query heads.
    public var headCount: Int
    /// Key/value heads (grouped-query attention: query head h reads KV head h / (headCount / kvHeadCount)).
    public var kvHeadCount: Int
    /// Width of one head.
    public var headDimension: Int
    /// Tokens in the vocabulary (rows of the embedding).
    public var vocabularySize: Int
    /// The longest sequence the model was trained for (the KV cache never grows past it).
    public var contextLength: Int
    /// Base of the rotary frequencies.
    public var ropeTheta: Float
    /// Epsilon added to the mean square in RMSNorm.
    public var rmsNormEpsilon: Float
    /// The rotary pairing the weights expect.
    public var rotaryLayout: RotaryLayout
    /// Whether the output head reuses the token embedding.
    public var tiedEmbeddings: Bool

    /// A configuration from explicit values (tests build tiny models this way).
    public init(layerCount: Int, hiddenSize: Int, intermediateSize: Int, headCount: Int, kvHeadCount: Int,
                vocabularySize: Int, contextLength: Int, ropeTheta: Float = 10000, rmsNormEpsilon: Float = 1e-5,
                rotaryLayout: RotaryLayout, tiedEmbeddings: Bool) {
        self.layerCount = layerCount
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDimension = headCount > 0 ? hiddenSize / headCount : 0
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.ropeTheta = ropeTheta
        self.rmsNormEpsilon = rmsNormEpsilon
        self.rotaryLayout = rotaryLayout
        self.tiedEmbeddings = tiedEmbeddings
    }

    /// Reads the `llama.*` keys of `file`; the head is tied when the file has no `output.weight`.
    /// - Throws: `GGUFError` naming the missing or inconsistent key.
    public init(gguf file: GGUFFile) throws {
        func fail(_ message: String) -> GGUFError {
            GGUFError(file: file.path, offset: nil, message: message,
                      fix: "use a Llama-architecture GGUF converted by llama.cpp")
        }
        guard let architecture = file.metadata["general.architecture"]?.string else {
            throw fail("general.architecture is missing")
        }
        guard architecture == "llama" else {
            throw fail("the architecture is '\(architecture)', labrun runs 'llama' GGUF files")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = file.metadata["llama.\(key)"]?.int, value > 0 else { throw fail("llama.\(key) is missing or not a positive integer") }
            return value
        }
        let heads = try integer("attention.head_count")
        let hidden = try integer("embedding_length")
        let vocabulary = file.metadata["llama.vocab_size"]?.int
            ?? file.metadata["tokenizer.ggml.tokens"]?.array?.count
            ?? file.tensor(named: "token_embd.weight")?.dimensions.last ?? 0
        self.init(layerCount: try integer("block_count"), hiddenSize: hidden,
                  intermediateSize: try integer("feed_forward_length"), headCount: heads,
                  kvHeadCount: file.metadata["llama.attention.head_count_kv"]?.int ?? heads,
                  vocabularySize: vocabulary, contextLength: try integer("context_length"),
                  ropeTheta: Float(file.metadata["llama.rope.freq_base"]?.double ?? 10000),
                  rmsNormEpsilon: Float(file.metadata["llama.attention.layer_norm_rms_epsilon"]?.double ?? 1e-5),
                  rotaryLayout: .adjacentPairs, tiedEmbeddings: file.tensor(named: "output.weight") == nil)
        if let rotary = file.metadata["llama.rope.dimension_count"]?.int, rotary != headDimension {
            throw fail("llama.rope.dimension_count is \(rotary) but heads are \(headDimension) wide; partial rotary embeddings are not supported")
        }
        try validate(file: file.path)
    }

    /// Checks that the shapes fit together.
    /// - Throws: `GGUFError` for `file` saying which numbers disagree.
    public func validate(file: String) throws {
        func fail(_ message: String) -> GGUFError {
            GGUFError(file: file, offset: nil, message: message, fix: "check the model's configuration")
        }
        guard layerCount > 0, hiddenSize > 0, intermediateSize > 0, vocabularySize > 0, contextLength > 0 else {
            throw fail("a size in the configuration is zero")
        }
        guard headCount > 0, hiddenSize % headCount == 0, headDimension % 2 == 0 else {
            throw fail("hidden size \(hiddenSize) does not split into \(headCount) heads of even width")
        }
        guard kvHeadCount > 0, headCount % kvHeadCount == 0 else {
            throw fail("\(headCount) query heads cannot share \(kvHeadCount) key/value heads evenly")
        }
    }
}
