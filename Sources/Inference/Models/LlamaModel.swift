import Foundation

/// A Llama-architecture causal language model (SmolLM2 is one): token embedding, `layerCount`
/// blocks of RMSNorm → grouped-query attention with rotary embeddings → RMSNorm → SiLU-gated MLP,
/// a final RMSNorm and an output head (tied to the embedding or separate).
///
/// Shapes: `T` new tokens, `H` hidden size, `V` vocabulary. `forward` takes `T` token ids, appends
/// their keys and values to a `LlamaKVCache` and returns logits `[T, V]` (or `[1, V]` for the last
/// token only). Weights are immutable; one model can serve many caches at once.
public final class LlamaModel: @unchecked Sendable {
    /// How weight products are computed.
    public enum ComputePath: String, Sendable, CaseIterable {
        /// Dequantize every weight to float32 once and multiply with OpenBLAS in float32: the
        /// reference the fixtures are checked against (about 4 bytes of memory per weight).
        case float32Reference
        /// Keep Q4_0/Q4_1/Q8_0 weights quantized and multiply them with SIMD kernels on 8-bit
        /// quantized activations (as llama.cpp does); other formats fall back to float32.
        case fast
    }

    /// One transformer block's weights.
    struct Layer: @unchecked Sendable {
        let attentionNorm: [Float]
        let query: LlamaLinear
        let key: LlamaLinear
        let value: LlamaLinear
        let attentionOutput: LlamaLinear
        let feedForwardNorm: [Float]
        let gate: LlamaLinear
        let up: LlamaLinear
        let down: LlamaLinear
    }

    /// The model's shape.
    public let configuration: LlamaConfiguration
    /// The compute path chosen at load time.
    public let computePath: ComputePath
    /// Threads used by the fast kernels (rows are split between them).
    public let threadCount: Int
    let embedding: LlamaEmbedding
    let layers: [Layer]
    let outputNorm: [Float]
    let head: LlamaLinear
    let inverseFrequencies: [Float]

    /// Loads a Llama GGUF file.
    /// - Parameters:
    ///   - path: the `.gguf` file.
    ///   - computePath: `.fast` (default) or `.float32Reference`.
    ///   - threadCount: threads for the fast kernels (default 2).
    /// - Throws: `GGUFError` when the file is not a readable Llama GGUF model.
    public convenience init(ggufPath path: String, computePath: ComputePath = .fast, threadCount: Int = 2) throws {
        try self.init(gguf: GGUFFile(path: path), computePath: computePath, threadCount: threadCount)
    }

    /// Builds the model from an opened GGUF file (see `init(ggufPath:computePath:threadCount:)`).
    public convenience init(gguf file: GGUFFile, computePath: ComputePath = .fast, threadCount: Int = 2) throws {
        let config = try LlamaConfiguration(gguf: file)
        let hidden = config.hiddenSize
        let kvWidth = config.kvHeadCount * config.headDimension
        func vector(_ name: String, _ count: Int) throws -> [Float] {
            guard let tensor = file.tensor(named: name) else {
                throw GGUFError(file: file.path, offset: nil, message: "tensor '\(name)' is missing", fix: "use a complete Llama GGUF file")
            }
            guard tensor.elementCount == count, tensor.dimensions.count == 1 else {
                throw GGUFError(file: file.path, offset: tensor.fileOffset,
                                message: "tensor '\(name)' has shape \(tensor.dimensions), expected [\(count)]",
                                fix: "check that the file's llama.* metadata matches its tensors")
            }
            return try Dequantization.dequantize(tensor, of: file)
        }
        var layers: [Layer] = []
        for index in 0..<config.layerCount {
            let prefix = "blk.\(index)."
            func linear(_ name: String, _ rows: Int, _ columns: Int) throws -> LlamaLinear {
                try LlamaLinear(prefix + name + ".weight", of: file, rows: rows, columns: columns, path: computePath)
            }
            layers.append(Layer(
                attentionNorm: try vector(prefix + "attn_norm.weight", hidden),
                query: try linear("attn_q", hidden, hidden),
                key: try linear("attn_k", kvWidth, hidden),
                value: try linear("attn_v", kvWidth, hidden),
                attentionOutput: try linear("attn_output", hidden, hidden),
                feedForwardNorm: try vector(prefix + "ffn_norm.weight", hidden),
                gate: try linear("ffn_gate", config.intermediateSize, hidden),
                up: try linear("ffn_up", config.intermediateSize, hidden),
                down: try linear("ffn_down", hidden, config.intermediateSize)))
        }
        let embedding = try LlamaEmbedding(file: file, vocabularySize: config.vocabularySize, hiddenSize: hidden)
        let head = try LlamaLinear(config.tiedEmbeddings ? "token_embd.weight" : "output.weight", of: file,
                                   rows: config.vocabularySize, columns: hidden, path: computePath)
        self.init(configuration: config, computePath: computePath, threadCount: threadCount, embedding: embedding,
                  layers: layers, outputNorm: try vector("output_norm.weight", hidden), head: head)
    }

    init(configuration: LlamaConfiguration, computePath: ComputePath, threadCount: Int, embedding: LlamaEmbedding,
         layers: [Layer], outputNorm: [Float], head: LlamaLinear) {
        self.configuration = configuration
        self.computePath = computePath
        self.threadCount = max(1, threadCount)
        self.embedding = embedding
        self.layers = layers
        self.outputNorm = outputNorm
        self.head = head
        let half = configuration.headDimension / 2
        // As transformers computes them: 1 / θ^(2i/d) in float32.
        inverseFrequencies = (0..<half).map { i in
            1 / powf(configuration.ropeTheta, Float(2 * i) / Float(configuration.headDimension))
        }
    }

    /// The same weights read with another configuration's rotary layout and, optionally, other
    /// layers (tests use it to check both layouts).
    func replacing(rotaryLayout: LlamaConfiguration.RotaryLayout, layers newLayers: [Layer]? = nil) -> LlamaModel {
        var config = configuration
        config.rotaryLayout = rotaryLayout
        return LlamaModel(configuration: config, computePath: computePath, threadCount: threadCount, embedding: embedding,
                          layers: newLayers ?? layers, outputNorm: outputNorm, head: head)
    }

    /// A fresh, empty cache for this model.
    public func makeCache() -> LlamaKVCache {
        LlamaKVCache(configuration: configuration)
    }

    /// Runs `tokens` through the model after what `cache` holds, appends their keys and values to
    /// `cache`, and returns logits: `[tokens.count, V]` row-major when `allLogits`, else `[V]` for
    /// the last token only.
    /// - Throws: `LlamaError` when a token id is out of range, `tokens` is empty, or the context is full.
    public func forward(_ tokens: [Int], cache: inout LlamaKVCache, allLogits: Bool = false) throws -> [Float] {
        let config = configuration
        guard !tokens.isEmpty else { throw LlamaError.emptyInput }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocabularySize }) {
            throw LlamaError.tokenOutOfRange(bad, vocabularySize: config.vocabularySize)
        }
        guard cache.count + tokens.count <= config.contextLength else {
            throw LlamaError.contextFull(needed: cache.count + tokens.count, contextLength: config.contextLength)
        }
        let count = tokens.count
        let hidden = config.hiddenSize
        let kvWidth = cache.kvWidth
        let ffn = config.intermediateSize
        var x = [Float](repeating: 0, count: count * hidden)
        x.withUnsafeMutableBufferPointer { buffer in
            for (t, token) in tokens.enumerated() { embedding.row(token, into: buffer.baseAddress! + t * hidden) }
        }
        var normed = [Float](repeating: 0, count: count * hidden)
        var query = [Float](repeating: 0, count: count * hidden)
        var keys = [Float](repeating: 0, count: count * kvWidth)
        var values = [Float](repeating: 0, count: count * kvWidth)
        var attended = [Float](repeating: 0, count: count * hidden)
        var projected = [Float](repeating: 0, count: count * hidden)
        var gate = [Float](repeating: 0, count: count * ffn)
        var up = [Float](repeating: 0, count: count * ffn)
        let quantize = computePath == .fast
        let start = cache.count

        for (index, layer) in layers.enumerated() {
            LlamaMath.rmsNorm(x, weight: layer.attentionNorm, rows: count, epsilon: config.rmsNormEpsilon, into: &normed)
            normed.withUnsafeBufferPointer { input in
                let activations = quantize ? QuantizedActivations(input.baseAddress!, tokens: count, columns: hidden) : nil
                query.withUnsafeMutableBufferPointer { layer.query.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
                keys.withUnsafeMutableBufferPointer { layer.key.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
                values.withUnsafeMutableBufferPointer { layer.value.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
            }
            LlamaMath.rotate(&query, heads: config.headCount, headDimension: config.headDimension, tokens: count,
                             firstPosition: start, inverseFrequencies: inverseFrequencies, layout: config.rotaryLayout)
            LlamaMath.rotate(&keys, heads: config.kvHeadCount, headDimension: config.headDimension, tokens: count,
                             firstPosition: start, inverseFrequencies: inverseFrequencies, layout: config.rotaryLayout)
            cache.keys[index].append(contentsOf: keys)
            cache.values[index].append(contentsOf: values)
            LlamaMath.attention(query: query, keys: cache.keys[index], values: cache.values[index], tokens: count,
                                firstPosition: start, configuration: config, into: &attended)
            attended.withUnsafeBufferPointer { input in
                let activations = quantize ? QuantizedActivations(input.baseAddress!, tokens: count, columns: hidden) : nil
                projected.withUnsafeMutableBufferPointer { layer.attentionOutput.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
            }
            for i in 0..<(count * hidden) { x[i] += projected[i] }

            LlamaMath.rmsNorm(x, weight: layer.feedForwardNorm, rows: count, epsilon: config.rmsNormEpsilon, into: &normed)
            normed.withUnsafeBufferPointer { input in
                let activations = quantize ? QuantizedActivations(input.baseAddress!, tokens: count, columns: hidden) : nil
                gate.withUnsafeMutableBufferPointer { layer.gate.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
                up.withUnsafeMutableBufferPointer { layer.up.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
            }
            LlamaMath.siluGate(&gate, up)
            gate.withUnsafeBufferPointer { input in
                let activations = quantize ? QuantizedActivations(input.baseAddress!, tokens: count, columns: ffn) : nil
                projected.withUnsafeMutableBufferPointer { layer.down.apply(input.baseAddress!, activations: activations, tokens: count, into: $0.baseAddress!) }
            }
            for i in 0..<(count * hidden) { x[i] += projected[i] }
        }
        cache.count += count

        let outputRows = allLogits ? count : 1
        let lastRows = Array(x[((count - outputRows) * hidden)...])
        var final = [Float](repeating: 0, count: outputRows * hidden)
        LlamaMath.rmsNorm(lastRows, weight: outputNorm, rows: outputRows, epsilon: config.rmsNormEpsilon, into: &final)
        var logits = [Float](repeating: 0, count: outputRows * config.vocabularySize)
        final.withUnsafeBufferPointer { input in
            let activations = quantize ? QuantizedActivations(input.baseAddress!, tokens: outputRows, columns: hidden) : nil
            logits.withUnsafeMutableBufferPointer { head.apply(input.baseAddress!, activations: activations, tokens: outputRows, into: $0.baseAddress!) }
        }
        return logits
    }
}

/// Why a Llama forward pass was refused.
public enum LlamaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `forward` was given no tokens.
    case emptyInput
    /// A token id is not in `0..<vocabularySize`.
    case tokenOutOfRange(Int, vocabularySize: Int)
    /// The sequence would exceed the model's context.
    case contextFull(needed: Int, contextLength: Int)

    /// A sentence saying what went wrong and what to do.
    public var description: String {
        switch self {
        case .emptyInput:
            "the model was given no tokens; pass at least one token id"
        case .tokenOutOfRange(let id, let size):
            "token id \(id) is outside the vocabulary (0..<\(size)); use the model's own tokenizer"
        case .contextFull(let needed, let length):
            "the sequence needs \(needed) positions but the model's context holds \(length); shorten the prompt or max_new_tokens"
        }
    }
}
