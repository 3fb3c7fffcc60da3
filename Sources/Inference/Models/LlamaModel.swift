import CQuantKernels
import Dispatch
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
        let buffers = LlamaScratch(tokens: count, hidden: hidden, kvWidth: kvWidth, intermediate: ffn)
        let x = buffers.x, normed = buffers.normed, query = buffers.query, keys = buffers.keys
        let values = buffers.values, attended = buffers.attended, projected = buffers.projected
        let gate = buffers.gate, up = buffers.up
        for (t, token) in tokens.enumerated() { embedding.row(token, into: x + t * hidden) }
        let start = cache.count
        let table = LlamaMath.rotaryTable(tokens: count, firstPosition: start, inverseFrequencies: inverseFrequencies)

        for (index, layer) in layers.enumerated() {
            LlamaMath.rmsNorm(x, weight: layer.attentionNorm, rows: count, epsilon: config.rmsNormEpsilon, into: normed)
            project(normed, tokens: count, columns: hidden,
                    [(layer.query, query), (layer.key, keys), (layer.value, values)])
            LlamaMath.rotate(query, heads: config.headCount, headDimension: config.headDimension, tokens: count,
                             table: table, layout: config.rotaryLayout)
            LlamaMath.rotate(keys, heads: config.kvHeadCount, headDimension: config.headDimension, tokens: count,
                             table: table, layout: config.rotaryLayout)
            cache.keys[index].append(contentsOf: UnsafeBufferPointer(start: keys, count: count * kvWidth))
            cache.values[index].append(contentsOf: UnsafeBufferPointer(start: values, count: count * kvWidth))
            cache.keys[index].withUnsafeBufferPointer { k in
                cache.values[index].withUnsafeBufferPointer { v in
                    attend(query: query, keys: k.baseAddress!, values: v.baseAddress!, tokens: count,
                           firstPosition: start, into: attended)
                }
            }
            project(attended, tokens: count, columns: hidden, [(layer.attentionOutput, projected)])
            for i in 0..<(count * hidden) { x[i] += projected[i] }

            LlamaMath.rmsNorm(x, weight: layer.feedForwardNorm, rows: count, epsilon: config.rmsNormEpsilon, into: normed)
            project(normed, tokens: count, columns: hidden, [(layer.gate, gate), (layer.up, up)])
            LlamaMath.siluGate(gate, up, count: count * ffn)
            project(gate, tokens: count, columns: ffn, [(layer.down, projected)])
            for i in 0..<(count * hidden) { x[i] += projected[i] }
        }
        cache.count += count

        let outputRows = allLogits ? count : 1
        LlamaMath.rmsNorm(x + (count - outputRows) * hidden, weight: outputNorm, rows: outputRows,
                          epsilon: config.rmsNormEpsilon, into: normed)
        var logits = [Float](repeating: 0, count: outputRows * config.vocabularySize)
        logits.withUnsafeMutableBufferPointer { out in
            project(normed, tokens: outputRows, columns: hidden, [(head, out.baseAddress!)])
        }
        return logits
    }

    /// Computes `output = input · Wᵀ` for each (W, output) pair, sharing one quantization of
    /// `input` and, on the fast path, one split of the rows between threads.
    func project(_ input: UnsafeMutablePointer<Float>, tokens: Int, columns: Int,
                 _ products: [(LlamaLinear, UnsafeMutablePointer<Float>)]) {
        let activations = computePath == .fast ? QuantizedActivations(input, tokens: tokens, columns: columns) : nil
        let allQuantized = products.allSatisfy { $0.0.quantized != nil }
        guard let activations, allQuantized, threadCount > 1 else {
            for (linear, output) in products {
                linear.apply(input, activations: activations, tokens: tokens, into: output, threads: threadCount)
            }
            return
        }
        let jobs = UnsafeSendable(products)
        let threads = threadCount
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            for (linear, output) in jobs.value {
                guard let matrix = linear.quantized else { continue }
                matrix.multiply(activations, rows: matrix.rows(part: part, of: threads), into: output, ldy: matrix.rows)
            }
        }
    }

    /// Attention of the new queries over the cache: the C kernels on the fast path (heads split
    /// between threads), `LlamaMath.attention` on the reference path.
    func attend(query: UnsafeMutablePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                tokens: Int, firstPosition: Int, into output: UnsafeMutablePointer<Float>) {
        let config = configuration
        guard computePath == .fast else {
            LlamaMath.attention(query: query, keys: keys, values: values, tokens: tokens, firstPosition: firstPosition,
                                configuration: config, into: output)
            return
        }
        let threads = min(threadCount, config.headCount)
        let pointers = UnsafeSendable((query, keys, values, output))
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let (q, k, v, out) = pointers.value
            let perThread = (config.headCount + threads - 1) / threads
            let first = part * perThread
            let last = min(config.headCount, first + perThread)
            guard first < last else { return }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: firstPosition + tokens)
            defer { scratch.deallocate() }
            lr_attention(q, k, v, Int32(tokens), Int32(firstPosition), Int32(config.headCount), Int32(config.kvHeadCount),
                         Int32(config.headDimension), Int32(first), Int32(last), out, scratch)
        }
    }
}

/// The activation buffers of one forward pass, allocated together and freed when it ends.
final class LlamaScratch {
    let x, normed, query, keys, values, attended, projected, gate, up: UnsafeMutablePointer<Float>
    private let all: [UnsafeMutablePointer<Float>]

    init(tokens: Int, hidden: Int, kvWidth: Int, intermediate: Int) {
        func buffer(_ width: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: tokens * width)
            pointer.initialize(repeating: 0, count: tokens * width)
            return pointer
        }
        x = buffer(hidden); normed = buffer(hidden); query = buffer(hidden)
        keys = buffer(kvWidth); values = buffer(kvWidth); attended = buffer(hidden); projected = buffer(hidden)
        gate = buffer(intermediate); up = buffer(intermediate)
        all = [x, normed, query, keys, values, attended, projected, gate, up]
    }

    deinit { all.forEach { $0.deallocate() } }
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
