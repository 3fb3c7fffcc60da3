import Foundation

/// BERT (Devlin et al.), as transformers' `BertModel` / `BertForMaskedLM` compute it in float32:
/// word + position + token-type embeddings → LayerNorm → N post-LN encoder layers
/// (self-attention, GELU feed-forward) → optional masked-LM head (dense → GELU → LayerNorm →
/// decoder tied to the word embeddings, plus a bias).
///
/// Batches are packed: the rows of all sequences are stacked `[Σ lengths, hidden]` for every
/// matrix product, and attention runs per sequence, so sequences of different lengths need no
/// padding (equal to transformers with an attention mask).
public final class BERTModel: MaskedLanguageModel, TextEncoder {
    /// The hyper-parameters from `config.json`.
    public struct Configuration: Sendable, Equatable {
        /// Vocabulary size (`vocab_size`).
        public var vocabularySize: Int
        /// Hidden width (`hidden_size`).
        public var hiddenSize: Int
        /// Encoder layers (`num_hidden_layers`).
        public var layerCount: Int
        /// Attention heads (`num_attention_heads`).
        public var headCount: Int
        /// Feed-forward width (`intermediate_size`).
        public var intermediateSize: Int
        /// Learned positions (`max_position_embeddings`).
        public var maximumPositions: Int
        /// Token types (`type_vocab_size`).
        public var typeCount: Int
        /// LayerNorm ε (`layer_norm_eps`).
        public var layerNormEpsilon: Float
        /// The feed-forward activation (`hidden_act`).
        public var activation: Activation
        /// The position id of a sequence's first token: 0 for BERT and DistilBERT; RoBERTa counts
        /// positions from `pad_token_id + 1`, because it reserves the ids up to the padding index.
        public var positionOffset: Int = 0

        /// The most tokens one sequence may have: the learned positions after the offset.
        public var maximumSequenceLength: Int { maximumPositions - positionOffset }

        /// A configuration with every field given.
        public init(vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int,
                    maximumPositions: Int = 512, typeCount: Int = 2, layerNormEpsilon: Float = 1e-12,
                    activation: Activation = .gelu) {
            self.vocabularySize = vocabularySize
            self.hiddenSize = hiddenSize
            self.layerCount = layerCount
            self.headCount = headCount
            self.intermediateSize = intermediateSize
            self.maximumPositions = maximumPositions
            self.typeCount = typeCount
            self.layerNormEpsilon = layerNormEpsilon
            self.activation = activation
        }

        /// Reads a BERT `config.json`.
        /// - Throws: `ModelError` naming the file and the missing or invalid field.
        public init(_ config: ConfigFile) throws {
            let activationName = try config.string("hidden_act", default: "gelu")
            guard let activation = Activation(huggingFaceName: activationName) else {
                throw ModelError(file: config.path, problem: "hidden_act \"\(activationName)\" is not supported (gelu, gelu_new, relu, silu are)")
            }
            self.init(vocabularySize: try config.integer("vocab_size"), hiddenSize: try config.integer("hidden_size"),
                      layerCount: try config.integer("num_hidden_layers"), headCount: try config.integer("num_attention_heads"),
                      intermediateSize: try config.integer("intermediate_size"),
                      maximumPositions: try config.integer("max_position_embeddings"),
                      typeCount: try config.integer("type_vocab_size", default: 2),
                      layerNormEpsilon: Float(try config.number("layer_norm_eps", default: 1e-12)),
                      activation: activation)
            guard hiddenSize > 0, headCount > 0, hiddenSize % headCount == 0, layerCount >= 0, vocabularySize > 0,
                  intermediateSize > 0, maximumPositions > 0, typeCount > 0 else {
                throw ModelError(file: config.path, problem: "sizes must be positive and hidden_size a multiple of num_attention_heads")
            }
        }
    }

    /// One encoder layer's weights.
    struct Layer: Sendable {
        let queryKeyValue: Linear      // [3H, H]: query, key, value stacked
        let attentionOutput: Linear    // [H, H]
        let attentionNorm: LayerNorm
        let intermediate: Linear       // [I, H]
        let output: Linear             // [H, I]
        let outputNorm: LayerNorm
    }

    /// The masked-LM head's weights.
    struct Head: Sendable {
        let transform: Linear          // [H, H]
        let norm: LayerNorm
        let decoder: Linear            // [V, H] (the word embeddings when tied) + bias [V]
    }

    /// The hyper-parameters.
    public let configuration: Configuration
    /// The tokenizer that goes with the weights.
    public let tokenizer: any Tokenizer
    /// How sentence vectors are pooled (from sentence-transformers' files).
    public let pooling: Pooling
    let wordEmbeddings: Embedding
    let positionEmbeddings: Embedding
    let typeEmbeddings: Embedding
    let embeddingNorm: LayerNorm
    let layers: [Layer]
    let head: Head?
    /// Where the model came from (for errors).
    public let source: String

    /// Logits per position (`vocab_size`).
    public var vocabularySize: Int { configuration.vocabularySize }
    /// The most tokens a sequence may have (`max_position_embeddings`).
    public var maximumSequenceLength: Int { configuration.maximumSequenceLength }
    /// Width of each hidden state (`hidden_size`).
    public var hiddenSize: Int { configuration.hiddenSize }
    /// Whether the checkpoint has a masked-LM head (`cls.predictions.*`).
    public var hasMaskedLanguageModelHead: Bool { head != nil }

    /// Loads `config.json`, the safetensors weights and the tokenizer of the model in `directory`.
    ///
    /// Weight names are accepted with or without the `bert.` prefix, with `LayerNorm.gamma/beta`
    /// or `.weight/.bias`, and with or without `cls.predictions.decoder.weight` (tied to the word
    /// embeddings when absent). Files without `cls.predictions.*` load without a masked-LM head.
    /// - Throws: `ModelError`, `SafeTensorsError` or `TokenizerError` naming the file and problem.
    public convenience init(directory: URL) throws {
        let config = try ConfigFile(contentsOf: directory.appendingPathComponent("config.json"))
        let configuration = try Configuration(config)
        let weights = try WeightSet(directory: directory, canonicalName: BERTModel.canonicalName)
        try self.init(configuration: configuration, weights: weights, tokenizer: TokenizerLoader.load(directory: directory),
                      pooling: Pooling(directory: directory), source: directory.path)
    }

    /// A model from weights under canonical names (see `canonicalName`).
    /// - Throws: `ModelError` naming a missing or misshapen tensor.
    public init(configuration: Configuration, weights: WeightSet, tokenizer: any Tokenizer,
                pooling: Pooling = Pooling(), source: String) throws {
        let c = configuration
        let (h, i, eps) = (c.hiddenSize, c.intermediateSize, c.layerNormEpsilon)
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.pooling = pooling
        self.source = source
        let words = try weights.tensor("embeddings.word_embeddings.weight", shape: [c.vocabularySize, h])
        wordEmbeddings = Embedding(table: words)
        positionEmbeddings = Embedding(table: try weights.tensor("embeddings.position_embeddings.weight", shape: [c.maximumPositions, h]))
        typeEmbeddings = Embedding(table: try weights.tensor("embeddings.token_type_embeddings.weight", shape: [c.typeCount, h]))
        embeddingNorm = try weights.layerNorm("embeddings.LayerNorm", width: h, epsilon: eps)
        layers = try (0..<c.layerCount).map { index in
            let p = "encoder.layer.\(index)."
            return Layer(
                queryKeyValue: Linear.concatenating([
                    try weights.linear(p + "attention.self.query", inputs: h, outputs: h),
                    try weights.linear(p + "attention.self.key", inputs: h, outputs: h),
                    try weights.linear(p + "attention.self.value", inputs: h, outputs: h),
                ]),
                attentionOutput: try weights.linear(p + "attention.output.dense", inputs: h, outputs: h),
                attentionNorm: try weights.layerNorm(p + "attention.output.LayerNorm", width: h, epsilon: eps),
                intermediate: try weights.linear(p + "intermediate.dense", inputs: h, outputs: i),
                output: try weights.linear(p + "output.dense", inputs: i, outputs: h),
                outputNorm: try weights.layerNorm(p + "output.LayerNorm", width: h, epsilon: eps))
        }
        if weights.contains("cls.predictions.transform.dense.weight") {
            let decoderWeight = weights.contains("cls.predictions.decoder.weight")
                ? try weights.tensor("cls.predictions.decoder.weight", shape: [c.vocabularySize, h]) : words
            let biasName = weights.contains("cls.predictions.bias") ? "cls.predictions.bias" : "cls.predictions.decoder.bias"
            head = Head(transform: try weights.linear("cls.predictions.transform.dense", inputs: h, outputs: h),
                        norm: try weights.layerNorm("cls.predictions.transform.LayerNorm", width: h, epsilon: eps),
                        decoder: Linear(weight: decoderWeight, bias: try weights.tensor(biasName, shape: [c.vocabularySize])))
        } else {
            head = nil
        }
    }

    /// The one spelling the model reads: no `bert.` prefix, `LayerNorm.weight/bias` for `gamma/beta`.
    public static func canonicalName(_ name: String) -> String {
        var name = name
        if name.hasPrefix("bert.") { name.removeFirst(5) }
        if name.hasSuffix("LayerNorm.gamma") { name = String(name.dropLast(5)) + "weight" }
        if name.hasSuffix("LayerNorm.beta") { name = String(name.dropLast(4)) + "bias" }
        return name
    }

    // MARK: - Forward

    /// Checks ids and lengths of a batch before any kernel reads them.
    func validate(_ batch: [[Int]]) throws {
        for (index, ids) in batch.enumerated() {
            guard !ids.isEmpty else { throw ModelError(file: source, problem: "sequence \(index) is empty") }
            guard ids.count <= configuration.maximumSequenceLength else {
                throw ModelError(file: source, problem: "sequence \(index) has \(ids.count) tokens; the model accepts at most \(configuration.maximumSequenceLength) (truncate the text)")
            }
            if let bad = ids.first(where: { $0 < 0 || $0 >= configuration.vocabularySize }) {
                throw ModelError(file: source, problem: "token id \(bad) is outside the vocabulary (0..<\(configuration.vocabularySize))")
            }
        }
    }

    /// The last layer's hidden states of the packed batch, `[Σ lengths, hidden]`, rows in order.
    ///
    /// `tokenTypes[b]` default to zeros.
    /// - Throws: `ModelError` for an empty or too long sequence or an id outside the vocabulary.
    public func packedHiddenStates(for batch: [[Int]], tokenTypes: [[Int]]? = nil) throws -> Tensor {
        try validate(batch)
        let c = configuration
        let h = c.hiddenSize, inter = c.intermediateSize
        guard !batch.isEmpty else { return Tensor(zeros: [0, h]) }
        let lengths = batch.map(\.count)
        let rows = lengths.reduce(0, +)
        let starts = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        var hidden = [Float](repeating: 0, count: rows * h)
        let allIDs = batch.flatMap { $0 }
        let offset = c.positionOffset
        let positions = lengths.flatMap { offset ..< offset + $0 }
        var types = tokenTypes?.flatMap { $0 } ?? []
        if types.count != rows { types = [Int](repeating: 0, count: rows) }
        types = types.map { min(max($0, 0), c.typeCount - 1) }
        let maximumLength = lengths.max() ?? 0
        hidden.withUnsafeMutableBufferPointer { buffer in
            let x = buffer.baseAddress!
            wordEmbeddings.lookup(allIDs, into: x)
            positionEmbeddings.lookup(positions, into: x, accumulate: true)
            typeEmbeddings.lookup(types, into: x, accumulate: true)
            embeddingNorm.apply(x, rows: rows)

            let qkv = UnsafeMutablePointer<Float>.allocate(capacity: rows * 3 * h)
            let context = UnsafeMutablePointer<Float>.allocate(capacity: rows * h)
            let projected = UnsafeMutablePointer<Float>.allocate(capacity: rows * h)
            let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: rows * inter)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: maximumLength)
            defer {
                qkv.deallocate(); context.deallocate(); projected.deallocate(); intermediate.deallocate(); scratch.deallocate()
            }
            let headSize = h / c.headCount
            for layer in layers {
                // Self-attention, one sequence at a time over the packed rows.
                layer.queryKeyValue.apply(x, rows: rows, into: qkv)
                for (sequence, length) in lengths.enumerated() {
                    let base = qkv + starts[sequence] * 3 * h
                    Attention.apply(shape: Attention.Shape(queryLength: length, keyLength: length, heads: c.headCount, headSize: headSize),
                                    query: base, queryStride: 3 * h, key: base + h, keyStride: 3 * h,
                                    value: base + 2 * h, valueStride: 3 * h,
                                    output: context + starts[sequence] * h, outputStride: h, scratch: scratch)
                }
                layer.attentionOutput.apply(context, rows: rows, into: projected)
                layer.attentionNorm.apply(projected, adding: x, rows: rows)
                // Feed-forward with the activation fused after the first product.
                layer.intermediate.apply(projected, rows: rows, into: intermediate, activation: c.activation)
                layer.output.apply(intermediate, rows: rows, into: x)
                layer.outputNorm.apply(x, adding: projected, rows: rows)
            }
        }
        return Tensor(shape: [rows, h], scalars: hidden)
    }

    /// The last layer's states of each sequence, `[length, hidden]` each (see `TextEncoder`).
    public func hiddenStates(for batch: [[Int]]) throws -> [Tensor] {
        let packed = try packedHiddenStates(for: batch)
        let h = configuration.hiddenSize
        var start = 0
        return batch.map { ids in
            defer { start += ids.count }
            return Tensor(shape: [ids.count, h], scalars: Array(packed.scalars[start * h ..< (start + ids.count) * h]))
        }
    }

    /// Masked-LM logits `[Σ positions, vocab]` at the chosen positions (see `MaskedLanguageModel`); only those rows go through the head.
    public func logits(for batch: [[Int]], at positions: [[Int]]) throws -> Tensor {
        guard let head else {
            throw ModelError(file: source, problem: "the checkpoint has no masked-LM head (cls.predictions.*); use a BertForMaskedLM model to fill masks")
        }
        guard positions.count == batch.count else {
            throw ModelError(file: source, problem: "\(positions.count) position lists for \(batch.count) sequences")
        }
        for (ids, wanted) in zip(batch, positions) where wanted.contains(where: { $0 < 0 || $0 >= ids.count }) {
            throw ModelError(file: source, problem: "a requested position is outside its sequence of \(ids.count) tokens")
        }
        let h = configuration.hiddenSize, v = configuration.vocabularySize
        guard positions.contains(where: { !$0.isEmpty }) else { return Tensor(zeros: [0, v]) }
        let hidden = try packedHiddenStates(for: batch)
        var rowIndices: [Int] = []
        var start = 0
        for (ids, wanted) in zip(batch, positions) {
            rowIndices += wanted.map { start + $0 }
            start += ids.count
        }
        let m = rowIndices.count
        var selected = [Float](repeating: 0, count: m * h)
        hidden.withUnsafeBufferPointer { states in
            for (row, index) in rowIndices.enumerated() {
                for i in 0..<h { selected[row * h + i] = states[index * h + i] }
            }
        }
        var transformed = [Float](repeating: 0, count: m * h)
        var logits = [Float](repeating: 0, count: m * v)
        head.transform.apply(selected, rows: m, into: &transformed, activation: configuration.activation)
        transformed.withUnsafeMutableBufferPointer { head.norm.apply($0.baseAddress!, rows: m) }
        head.decoder.apply(transformed, rows: m, into: &logits)
        return Tensor(shape: [m, v], scalars: logits)
    }
}
