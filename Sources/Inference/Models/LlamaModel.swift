import CKernels
import Foundation

/// A Llama-architecture causal language model (SmolLM2 is one): token embedding, `layerCount`
/// blocks of RMSNorm → grouped-query attention with rotary embeddings → RMSNorm → SiLU-gated MLP,
/// a final RMSNorm and an output head (tied to the embedding or separate).
///
/// Shapes: `T` new tokens, `H` hidden size, `V` vocabulary. `forward` takes `T` token ids, appends
/// their keys and values to a `KeyValueCache` and returns logits `[T, V]` (or `[V]` for the last
/// token only). Weights are immutable; one model can serve many caches at once. As a
/// `CausalLanguageModel` it runs `TextGenerationPipeline` and causal scoring.
public final class LlamaModel: ChatLanguageModel, @unchecked Sendable {
    /// How weight products are computed.
    public enum ComputePath: String, Sendable, CaseIterable {
        /// Dequantize every weight to float32 once and multiply with OpenBLAS in float32: the
        /// reference the fixtures are checked against (about 4 bytes of memory per weight).
        case float32Reference
        /// Keep Q4_0/Q4_1/Q8_0 weights quantized and multiply them with SIMD kernels on 16-bit
        /// activations (within about 1e-5 of float32, so greedy answers are the float32 path's);
        /// other formats fall back to float32.
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
    /// The tokenizer built from the file's metadata.
    public let tokenizer: any Tokenizer
    /// The file the weights came from (for error messages).
    public let name: String
    /// The chat format from `tokenizer.chat_template` (nil when the file has none or it is not ChatML).
    public let chatTemplate: ChatTemplate?
    /// The compute path chosen at load time.
    public let computePath: ComputePath
    /// The threads that split the fast path's products and attention heads between them.
    let pool: ComputePool
    /// Threads used by the fast kernels: the pool's, so Llama splits its work as BERT does.
    public var threadCount: Int { pool.threadCount }
    let embedding: LlamaEmbedding
    let layers: [Layer]
    let outputNorm: [Float]
    let head: LlamaLinear
    let inverseFrequencies: [Float]

    /// Loads a Llama GGUF file.
    /// - Parameters:
    ///   - path: the `.gguf` file.
    ///   - computePath: `.fast` (default) or `.float32Reference`.
    ///   - pool: the threads for the fast kernels (default the process's shared pool).
    /// - Throws: `GGUFError` when the file is not a readable Llama GGUF model.
    public convenience init(ggufPath path: String, computePath: ComputePath = .fast, pool: ComputePool = .shared) throws {
        try self.init(gguf: GGUFFile(path: path), computePath: computePath, pool: pool)
    }

    /// The `.gguf` file a model folder holds (the first by name when there are several), or nil.
    public static func ggufFile(in directory: URL) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".gguf") }.sorted().first.map { directory.appendingPathComponent($0) }
    }

    /// Whether `directory` holds a GGUF model or a Hugging Face Llama checkpoint (what
    /// `ModelLoader` asks before loading it).
    public static func accepts(directory: URL) -> Bool {
        ggufFile(in: directory) != nil || acceptsHuggingFace(directory: directory)
    }

    /// The compute path named by `LABRUN_LLAMA_COMPUTE` (`fast`, the default, or `float32`/
    /// `float32Reference`), so a whole run can be switched to the reference path for checking.
    public static func computePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> ComputePath {
        switch environment["LABRUN_LLAMA_COMPUTE"]?.lowercased() {
        case "float32", "float32reference", "reference": .float32Reference
        default: .fast
        }
    }

    /// Loads the GGUF model in `directory` (see `ggufFile(in:)`) with the compute path of the
    /// environment (`computePath(environment:)`) and the shared pool, or else its Hugging Face checkpoint.
    /// - Throws: `ModelError` when the folder has neither; `GGUFError` for a bad file.
    public convenience init(directory: URL) throws {
        if Self.ggufFile(in: directory) == nil, Self.acceptsHuggingFace(directory: directory) {
            try self.init(huggingFaceDirectory: directory)
            return
        }
        guard let file = Self.ggufFile(in: directory) else {
            throw ModelError(file: directory.path, problem: "no .gguf file in this folder; install the model with scripts/install-models.sh")
        }
        try self.init(ggufPath: file.path, computePath: Self.computePath())
    }

    /// Builds the model from an opened GGUF file (see `init(ggufPath:computePath:pool:)`).
    public convenience init(gguf file: GGUFFile, computePath: ComputePath = .fast, pool: ComputePool = .shared) throws {
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
        // Room for every quantized matrix the fast path may repack, in one huge-page arena.
        let arena = computePath == .fast ? WeightArena(capacity: file.tensors.reduce(0) { total, tensor in
            guard tensor.dimensions.count == 2 else { return total }
            return total + (QuantizedMatrix.arenaBytes(type: tensor.type, rows: tensor.dimensions[1],
                                                       columns: tensor.dimensions[0]) ?? 0)
        }) : nil
        var layers: [Layer] = []
        for index in 0..<config.layerCount {
            let prefix = "blk.\(index)."
            func linear(_ name: String, _ rows: Int, _ columns: Int) throws -> LlamaLinear {
                try LlamaLinear(prefix + name + ".weight", of: file, rows: rows, columns: columns, path: computePath,
                                arena: arena)
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
        let tokenizer = try GGUFTokenizer.load(from: file)
        let embedding = try LlamaEmbedding(file: file, vocabularySize: config.vocabularySize, hiddenSize: hidden)
        let head = try LlamaLinear(config.tiedEmbeddings ? "token_embd.weight" : "output.weight", of: file,
                                   rows: config.vocabularySize, columns: hidden, path: computePath, arena: arena)
        let template = file.metadata["tokenizer.chat_template"]?.string.flatMap { ChatTemplate(jinja: $0) }
        self.init(configuration: config, tokenizer: tokenizer, name: file.path, chatTemplate: template,
                  computePath: computePath, pool: pool, embedding: embedding,
                  layers: layers, outputNorm: try vector("output_norm.weight", hidden), head: head)
    }

    init(configuration: LlamaConfiguration, tokenizer: any Tokenizer, name: String, chatTemplate: ChatTemplate?,
         computePath: ComputePath, pool: ComputePool, embedding: LlamaEmbedding, layers: [Layer], outputNorm: [Float],
         head: LlamaLinear) {
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.name = name
        self.chatTemplate = chatTemplate
        self.computePath = computePath
        self.pool = pool
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
        return LlamaModel(configuration: config, tokenizer: tokenizer, name: name, chatTemplate: chatTemplate,
                          computePath: computePath,
                          pool: pool, embedding: embedding,
                          layers: newLayers ?? layers, outputNorm: outputNorm, head: head)
    }

    /// Logits per position.
    public var vocabularySize: Int { configuration.vocabularySize }

    /// Every weight matrix a token goes through, the head included.
    private var matrices: [LlamaLinear] {
        layers.flatMap { [$0.query, $0.key, $0.value, $0.attentionOutput, $0.gate, $0.up, $0.down] } + [head]
    }

    /// The bytes of weights one decode step reads (each matrix once), which bounds decode speed
    /// by memory bandwidth.
    public var weightBytesPerToken: Int { matrices.reduce(0) { $0 + $1.weightBytes } }

    /// The floating-point operations of one token's weight products (2 per weight, the head
    /// included; attention, which grows with the context, is not counted).
    public var productFLOPsPerToken: Int { matrices.reduce(0) { $0 + 2 * $1.rows * $1.columns } }

    /// The end-of-sequence token and `<|endoftext|>` when the vocabulary has it.
    public var endOfSequenceTokenIDs: Set<Int> {
        var ids = Set<Int>()
        if let end = tokenizer.specialTokens.end?.id { ids.insert(end) }
        if let text = tokenizer.id(of: "<|endoftext|>") { ids.insert(text) }
        return ids
    }

    /// The context length the model was trained for.
    public var maximumSequenceLength: Int { configuration.contextLength }

    /// An empty cache for `batchSize` sequences.
    public func makeCache(batchSize: Int) -> KeyValueCache {
        KeyValueCache(layerCount: configuration.layerCount, batchSize: batchSize,
                      width: configuration.kvHeadCount * configuration.headDimension)
    }

    /// An empty cache for one sequence.
    public func makeCache() -> KeyValueCache { makeCache(batchSize: 1) }

    /// `CausalLanguageModel`: runs each given sequence's new tokens after its cached ones, all sequences
    /// in one pass; logits of every new position (`allPositions`) or of each sequence's last one,
    /// as a `[rows, V]` tensor.
    /// - Throws: `ModelError` for an empty sequence, an id outside the vocabulary, or a full context.
    public func logits(for tokens: [[Int]], sequences: [Int], cache: KeyValueCache, allPositions: Bool) throws -> Tensor {
        guard sequences.count == tokens.count else {
            throw ModelError(file: name, problem: "\(tokens.count) token lists for \(sequences.count) sequences; give one list per sequence")
        }
        let segments = zip(sequences, tokens).map { (sequence: $0, tokens: $1) }
        let scalars = try forward(segments, cache: cache, allLogits: allPositions)
        return Tensor(shape: [scalars.count / configuration.vocabularySize, configuration.vocabularySize], scalars: scalars)
    }

    /// Runs `tokens` through the model after what `cache` holds for `sequence`, appends their keys
    /// and values to it, and returns logits: `[tokens.count, V]` row-major when `allLogits`, else
    /// `[V]` for the last token only.
    /// - Throws: `ModelError` when `tokens` is empty, an id is out of range, or the context is full.
    public func forward(_ tokens: [Int], cache: KeyValueCache, sequence: Int = 0, allLogits: Bool = false) throws -> [Float] {
        try forward([(sequence, tokens)], cache: cache, allLogits: allLogits)
    }

    /// Runs the new tokens of several sequences of `cache` in one pass: the weight products see
    /// every new token of every sequence as one matrix (so a batch of decode steps reads each
    /// weight once), while rotary positions, the cache and attention stay per sequence.
    ///
    /// Returns logits `[Σ T_b, V]` (sequences in the order given) when `allLogits`, else
    /// `[segments.count, V]` (each sequence's last new token).
    /// - Throws: `ModelError` when a sequence is given no tokens, twice, or outside the cache's
    ///   batch, an id is out of range, or a context is full.
    func forward(_ segments: [(sequence: Int, tokens: [Int])], cache: KeyValueCache, allLogits: Bool) throws -> [Float] {
        let config = configuration
        guard cache.width == config.kvHeadCount * config.headDimension, cache.layerCount == config.layerCount else {
            throw ModelError(file: name, problem: "the key/value cache was made for another model; use makeCache(batchSize:)")
        }
        var offsets: [Int] = [], starts: [Int] = [], seen = Set<Int>()
        var count = 0
        for (sequence, tokens) in segments {
            guard !tokens.isEmpty else {
                throw ModelError(file: name, problem: "the model was given no tokens; pass at least one token id")
            }
            if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocabularySize }) {
                throw ModelError(file: name, problem: "token id \(bad) is outside the vocabulary (0..<\(config.vocabularySize)); use the model's own tokenizer")
            }
            guard sequence >= 0, sequence < cache.batchSize, seen.insert(sequence).inserted else {
                throw ModelError(file: name, problem: "sequence \(sequence) is not in the key/value cache's batch of \(cache.batchSize) (or is given twice); use makeCache(batchSize:)")
            }
            let start = cache.length(of: sequence)
            guard start + tokens.count <= config.contextLength else {
                throw ModelError(file: name, problem: "the sequence needs \(start + tokens.count) positions but the model's context holds \(config.contextLength); shorten the prompt or max_new_tokens")
            }
            offsets.append(count)
            starts.append(start)
            count += tokens.count
        }
        guard count > 0 else {
            throw ModelError(file: name, problem: "the model was given no tokens; pass at least one token id")
        }
        let hidden = config.hiddenSize
        let kvWidth = cache.width
        let ffn = config.intermediateSize
        let buffers = LlamaScratch(tokens: count, hidden: hidden, kvWidth: kvWidth, intermediate: ffn)
        let x = buffers.x, normed = buffers.normed, query = buffers.query, keys = buffers.keys
        let values = buffers.values, attended = buffers.attended, projected = buffers.projected
        let gate = buffers.gate, up = buffers.up
        var table: (cos: [Float], sin: [Float]) = ([], [])
        for (index, segment) in segments.enumerated() {
            for (t, token) in segment.tokens.enumerated() { embedding.row(token, into: x + (offsets[index] + t) * hidden) }
            let part = LlamaMath.rotaryTable(tokens: segment.tokens.count, firstPosition: starts[index],
                                             inverseFrequencies: inverseFrequencies)
            table.cos += part.cos
            table.sin += part.sin
        }

        for (index, layer) in layers.enumerated() {
            LlamaMath.rmsNorm(x, weight: layer.attentionNorm, rows: count, epsilon: config.rmsNormEpsilon, into: normed)
            project(normed, tokens: count, columns: hidden,
                    [(layer.query, query), (layer.key, keys), (layer.value, values)])
            LlamaMath.rotate(query, heads: config.headCount, headDimension: config.headDimension, tokens: count,
                             table: table, layout: config.rotaryLayout)
            LlamaMath.rotate(keys, heads: config.kvHeadCount, headDimension: config.headDimension, tokens: count,
                             table: table, layout: config.rotaryLayout)
            for (b, segment) in segments.enumerated() {
                let rows = segment.tokens.count, offset = offsets[b]
                cache.append(layer: index, sequence: segment.sequence, keys: keys + offset * kvWidth,
                             values: values + offset * kvWidth, rows: rows, stride: kvWidth)
                cache.withKeysAndValues(layer: index, sequence: segment.sequence) { k, v, _ in
                    attend(query: query + offset * hidden, keys: k, values: v, tokens: rows, firstPosition: starts[b],
                           into: attended + offset * hidden)
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

        // The rows that get logits, gathered to the front of `x`: all, or each sequence's last.
        var outputRows = count
        if !allLogits {
            outputRows = segments.count
            for b in 0..<segments.count {
                let last = offsets[b] + segments[b].tokens.count - 1
                if last != b { (x + b * hidden).update(from: x + last * hidden, count: hidden) }
            }
        }
        LlamaMath.rmsNorm(x, weight: outputNorm, rows: outputRows, epsilon: config.rmsNormEpsilon, into: normed)
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
        let threads = threadCount
        pool.run(parts: threads) { part in
            for (linear, output) in products {
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
        // A short decode step is cheaper on one thread than the hand-over to a second one.
        let work = tokens * (firstPosition + tokens)
        let threads = work < 4096 ? 1 : min(threadCount, config.headCount)
        pool.run(parts: threads) { part in
            let heads = ComputePool.range(part: part, of: threads, count: config.headCount)
            guard !heads.isEmpty else { return }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: firstPosition + tokens)
            defer { scratch.deallocate() }
            lr_attention(query, keys, values, Int32(tokens), Int32(firstPosition), Int32(config.headCount), Int32(config.kvHeadCount),
                         Int32(config.headDimension), Int32(heads.lowerBound), Int32(heads.upperBound), output, scratch)
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
