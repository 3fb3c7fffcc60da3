import Foundation

/// GPT-2 (Radford et al.), as transformers' `GPT2LMHeadModel` computes it in float32: token +
/// learned position embeddings → N pre-LN blocks (causal self-attention, tanh-GELU MLP) → final
/// LayerNorm → logits through the token embeddings (tied head). Linear weights use `Conv1D`'s
/// `[inputs, outputs]` layout. Generation reuses keys and values through a `KeyValueCache`.
public final class GPT2Model: CausalLanguageModel {
    /// The hyper-parameters from `config.json`.
    public struct Configuration: Sendable, Equatable {
        /// Vocabulary size (`vocab_size`).
        public var vocabularySize: Int
        /// Positions (`n_positions`).
        public var maximumPositions: Int
        /// Width (`n_embd`).
        public var embeddingSize: Int
        /// Blocks (`n_layer`).
        public var layerCount: Int
        /// Heads (`n_head`).
        public var headCount: Int
        /// MLP width (`n_inner`, default 4 × `n_embd`).
        public var innerSize: Int
        /// LayerNorm ε (`layer_norm_epsilon`).
        public var layerNormEpsilon: Float
        /// The MLP activation (`activation_function`, `gelu_new` for GPT-2).
        public var activation: Activation
        /// `eos_token_id` (int or list).
        public var endOfSequenceTokenIDs: [Int]

        /// A configuration with every field given.
        public init(vocabularySize: Int, maximumPositions: Int, embeddingSize: Int, layerCount: Int, headCount: Int,
                    innerSize: Int? = nil, layerNormEpsilon: Float = 1e-5, activation: Activation = .geluTanh,
                    endOfSequenceTokenIDs: [Int] = []) {
            self.vocabularySize = vocabularySize
            self.maximumPositions = maximumPositions
            self.embeddingSize = embeddingSize
            self.layerCount = layerCount
            self.headCount = headCount
            self.innerSize = innerSize ?? 4 * embeddingSize
            self.layerNormEpsilon = layerNormEpsilon
            self.activation = activation
            self.endOfSequenceTokenIDs = endOfSequenceTokenIDs
        }

        /// Reads a GPT-2 `config.json`.
        /// - Throws: `ModelError` naming the file and the missing or invalid field.
        public init(_ config: ConfigFile) throws {
            let activationName = try config.string("activation_function", default: "gelu_new")
            guard let activation = Activation(huggingFaceName: activationName) else {
                throw ModelError(file: config.path, problem: "activation_function \"\(activationName)\" is not supported")
            }
            let embedding = try config.integer("n_embd", alternatives: ["hidden_size"])
            self.init(vocabularySize: try config.integer("vocab_size"),
                      maximumPositions: try config.integer("n_positions", alternatives: ["max_position_embeddings"]),
                      embeddingSize: embedding, layerCount: try config.integer("n_layer", alternatives: ["num_hidden_layers"]),
                      headCount: try config.integer("n_head", alternatives: ["num_attention_heads"]),
                      innerSize: try config.integer("n_inner", default: 4 * embedding),
                      layerNormEpsilon: Float(try config.number("layer_norm_epsilon", default: 1e-5)),
                      activation: activation, endOfSequenceTokenIDs: config.integers("eos_token_id"))
            guard embeddingSize > 0, headCount > 0, embeddingSize % headCount == 0, vocabularySize > 0, maximumPositions > 0 else {
                throw ModelError(file: config.path, problem: "sizes must be positive and n_embd a multiple of n_head")
            }
        }
    }

    /// One block's weights.
    struct Block: Sendable {
        let norm1: LayerNorm
        let attention: Linear          // [C, 3C] Conv1D
        let attentionProjection: Linear // [C, C]
        let norm2: LayerNorm
        let fullyConnected: Linear     // [C, inner]
        let projection: Linear         // [inner, C]
    }

    /// The hyper-parameters.
    public let configuration: Configuration
    /// The tokenizer that goes with the weights.
    public let tokenizer: any Tokenizer
    let tokenEmbeddings: Embedding
    let positionEmbeddings: Embedding
    let blocks: [Block]
    let finalNorm: LayerNorm
    /// The output projection `[V, C]` (the token embeddings unless the file has its own `lm_head.weight`).
    let head: Linear
    /// Where the model came from (for errors).
    public let source: String

    /// Logits per position (`vocab_size`).
    public var vocabularySize: Int { configuration.vocabularySize }
    /// The longest sequence, `n_positions`.
    public var maximumSequenceLength: Int { configuration.maximumPositions }
    /// `eos_token_id` of config.json plus the tokenizer's end token.
    public var endOfSequenceTokenIDs: Set<Int> {
        Set(configuration.endOfSequenceTokenIDs).union([tokenizer.specialTokens.end?.id].compactMap { $0 })
    }

    /// Loads `config.json`, the safetensors weights (with or without the `transformer.` prefix) and the tokenizer.
    /// - Throws: `ModelError`, `SafeTensorsError` or `TokenizerError` naming the file and problem.
    public convenience init(directory: URL) throws {
        let config = try ConfigFile(contentsOf: directory.appendingPathComponent("config.json"))
        let weights = try WeightSet(directory: directory) { name in
            name.hasPrefix("transformer.") ? String(name.dropFirst("transformer.".count)) : name
        }
        try self.init(configuration: try Configuration(config), weights: weights,
                      tokenizer: TokenizerLoader.load(directory: directory), source: directory.path)
    }

    /// A model from weights named as in `GPT2Model` checkpoints without the `transformer.` prefix.
    /// - Throws: `ModelError` naming a missing or misshapen tensor.
    public init(configuration: Configuration, weights: WeightSet, tokenizer: any Tokenizer, source: String) throws {
        let c = configuration
        let (width, inner, eps) = (c.embeddingSize, c.innerSize, c.layerNormEpsilon)
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.source = source
        let tokens = try weights.tensor("wte.weight", shape: [c.vocabularySize, width])
        tokenEmbeddings = Embedding(table: tokens)
        positionEmbeddings = Embedding(table: try weights.tensor("wpe.weight", shape: [c.maximumPositions, width]))
        blocks = try (0..<c.layerCount).map { index in
            let p = "h.\(index)."
            return Block(norm1: try weights.layerNorm(p + "ln_1", width: width, epsilon: eps),
                         attention: try weights.conv1D(p + "attn.c_attn", inputs: width, outputs: 3 * width),
                         attentionProjection: try weights.conv1D(p + "attn.c_proj", inputs: width, outputs: width),
                         norm2: try weights.layerNorm(p + "ln_2", width: width, epsilon: eps),
                         fullyConnected: try weights.conv1D(p + "mlp.c_fc", inputs: width, outputs: inner),
                         projection: try weights.conv1D(p + "mlp.c_proj", inputs: inner, outputs: width))
        }
        finalNorm = try weights.layerNorm("ln_f", width: width, epsilon: eps)
        let headWeight = weights.contains("lm_head.weight") ? try weights.tensor("lm_head.weight", shape: [c.vocabularySize, width]) : tokens
        head = Linear(weight: headWeight, bias: nil)
    }

    /// An empty cache of `n_layer` layers, `n_embd` floats a position.
    public func makeCache(batchSize: Int) -> KeyValueCache {
        KeyValueCache(layerCount: max(configuration.layerCount, 1), batchSize: batchSize, width: configuration.embeddingSize)
    }

    /// Runs new tokens after the cached ones (see `CausalLanguageModel.logits(for:sequences:cache:allPositions:)`).
    public func logits(for tokens: [[Int]], sequences: [Int], cache: KeyValueCache, allPositions: Bool) throws -> Tensor {
        let c = configuration
        let width = c.embeddingSize
        guard sequences.count == tokens.count, Set(sequences).count == sequences.count,
              sequences.allSatisfy({ (0..<cache.batchSize).contains($0) }) else {
            throw ModelError(file: source, problem: "sequences \(sequences) do not fit a cache of \(cache.batchSize) (one list of tokens per distinct sequence)")
        }
        guard !tokens.isEmpty else { return Tensor(zeros: [0, c.vocabularySize]) }
        let pasts = sequences.map { cache.length(of: $0) }
        for (index, ids) in tokens.enumerated() {
            guard !ids.isEmpty else { throw ModelError(file: source, problem: "sequence \(index) has no new tokens") }
            guard pasts[index] + ids.count <= c.maximumPositions else {
                throw ModelError(file: source, problem: "sequence \(index) would reach \(pasts[index] + ids.count) tokens; the model accepts at most \(c.maximumPositions)")
            }
            if let bad = ids.first(where: { $0 < 0 || $0 >= c.vocabularySize }) {
                throw ModelError(file: source, problem: "token id \(bad) is outside the vocabulary (0..<\(c.vocabularySize))")
            }
        }
        let lengths = tokens.map(\.count)
        let rows = lengths.reduce(0, +)
        let starts = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        let positions = zip(pasts, lengths).flatMap { past, length in past ..< past + length }
        let longest = zip(pasts, lengths).map { $0 + $1 }.max() ?? 0
        var hidden = [Float](repeating: 0, count: rows * width)
        hidden.withUnsafeMutableBufferPointer { buffer in
            let x = buffer.baseAddress!
            tokenEmbeddings.lookup(tokens.flatMap { $0 }, into: x)
            positionEmbeddings.lookup(positions, into: x, accumulate: true)
            let normed = UnsafeMutablePointer<Float>.allocate(capacity: rows * width)
            let qkv = UnsafeMutablePointer<Float>.allocate(capacity: rows * 3 * width)
            let context = UnsafeMutablePointer<Float>.allocate(capacity: rows * width)
            let inner = UnsafeMutablePointer<Float>.allocate(capacity: rows * c.innerSize)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: longest)
            defer { normed.deallocate(); qkv.deallocate(); context.deallocate(); inner.deallocate(); scratch.deallocate() }
            let headSize = width / c.headCount
            for (layer, block) in blocks.enumerated() {
                normed.update(from: x, count: rows * width)
                block.norm1.apply(normed, rows: rows)
                block.attention.apply(normed, rows: rows, into: qkv)
                for (sequence, length) in lengths.enumerated() {
                    let base = qkv + starts[sequence] * 3 * width
                    cache.append(layer: layer, sequence: sequences[sequence], keys: base + width, values: base + 2 * width,
                                 rows: length, stride: 3 * width)
                    cache.withKeysAndValues(layer: layer, sequence: sequences[sequence]) { keys, values, keyRows in
                        Attention.apply(
                            shape: Attention.Shape(queryLength: length, keyLength: keyRows, heads: c.headCount, headSize: headSize,
                                                   causalOffset: pasts[sequence]),
                            query: base, queryStride: 3 * width, key: keys, keyStride: width, value: values, valueStride: width,
                            output: context + starts[sequence] * width, outputStride: width, scratch: scratch)
                    }
                }
                block.attentionProjection.apply(context, rows: rows, into: normed)
                for i in 0..<(rows * width) { x[i] += normed[i] }
                normed.update(from: x, count: rows * width)
                block.norm2.apply(normed, rows: rows)
                block.fullyConnected.apply(normed, rows: rows, into: inner, activation: c.activation)
                block.projection.apply(inner, rows: rows, into: normed)
                for i in 0..<(rows * width) { x[i] += normed[i] }
            }
            finalNorm.apply(x, rows: rows)
        }
        let selectedRows = allPositions ? Array(0..<rows) : starts.dropFirst().map { $0 - 1 }
        var selected = [Float](repeating: 0, count: selectedRows.count * width)
        for (row, index) in selectedRows.enumerated() {
            for i in 0..<width { selected[row * width + i] = hidden[index * width + i] }
        }
        var logits = [Float](repeating: 0, count: selectedRows.count * c.vocabularySize)
        head.apply(selected, rows: selectedRows.count, into: &logits)
        return Tensor(shape: [selectedRows.count, c.vocabularySize], scalars: logits)
    }
}
