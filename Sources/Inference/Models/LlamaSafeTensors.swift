import Foundation

/// Loading `LlamaForCausalLM` checkpoints in Hugging Face's layout: `config.json`,
/// `model.safetensors` (F32, F16 or BF16, read as float32) and the tokenizer files. Their Q and K
/// rows are in the rotate-half order, so the model uses `.rotateHalf` rotary embeddings. The
/// weights are float32, so every product runs on the float32 (OpenBLAS) path.
extension LlamaModel {
    /// Whether `directory` holds a Hugging Face Llama checkpoint (`config.json` with
    /// `model_type` "llama" and a `.safetensors` file).
    public static func acceptsHuggingFace(directory: URL) -> Bool {
        guard ModelLoader.modelType(in: directory) == "llama" else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.contains { $0.hasSuffix(".safetensors") }
    }

    /// Loads a Hugging Face `LlamaForCausalLM` folder.
    /// - Throws: `ModelError` for a missing or inconsistent config field or tensor; tokenizer and
    ///   safetensors errors.
    public convenience init(huggingFaceDirectory directory: URL, pool: ComputePool = .shared) throws {
        let config = try ConfigFile(contentsOf: directory.appendingPathComponent("config.json"))
        let weights = try WeightSet(directory: directory) { name in
            name.hasPrefix("model.") ? String(name.dropFirst("model.".count)) : name
        }
        try self.init(huggingFace: config, weights: weights, tokenizer: TokenizerLoader.load(directory: directory),
                      source: directory.path, pool: pool)
    }

    /// A model from a parsed `config.json` and tensors named as in `LlamaForCausalLM` without the
    /// `model.` prefix (`embed_tokens.weight`, `layers.0.self_attn.q_proj.weight`, ...,
    /// `norm.weight`, and `lm_head.weight` unless the embeddings are tied).
    /// - Throws: `ModelError` naming a missing field or a missing or misshapen tensor.
    public convenience init(huggingFace config: ConfigFile, weights: WeightSet, tokenizer: any Tokenizer,
                            source: String, pool: ComputePool = .shared) throws {
        let hidden = try config.integer("hidden_size")
        let heads = try config.integer("num_attention_heads")
        let tied = (config.fields["tie_word_embeddings"] as? Bool) ?? false
        var configuration = LlamaConfiguration(
            layerCount: try config.integer("num_hidden_layers"), hiddenSize: hidden,
            intermediateSize: try config.integer("intermediate_size"), headCount: heads,
            kvHeadCount: try config.integer("num_key_value_heads", default: heads),
            vocabularySize: try config.integer("vocab_size"),
            contextLength: try config.integer("max_position_embeddings", default: 2048),
            ropeTheta: Float(try config.number("rope_theta", default: 10000)),
            rmsNormEpsilon: Float(try config.number("rms_norm_eps", default: 1e-6)),
            rotaryLayout: .rotateHalf, tiedEmbeddings: tied || !weights.contains("lm_head.weight"))
        if let explicit = config.fields["head_dim"], let width = SafeTensors.integer(explicit), width != configuration.headDimension {
            throw ModelError(file: config.path, problem: "head_dim \(width) differs from hidden_size / num_attention_heads; such models are not supported")
        }
        do { try configuration.validate(file: config.path) } catch let error as GGUFError {
            throw ModelError(file: config.path, problem: error.message)
        }
        configuration.rotaryLayout = .rotateHalf
        let c = configuration
        let kvWidth = c.kvHeadCount * c.headDimension
        func linear(_ name: String, _ rows: Int, _ columns: Int) throws -> LlamaLinear {
            LlamaLinear(rows: rows, columns: columns, values: try weights.tensor(name, shape: [rows, columns]).scalars)
        }
        func vector(_ name: String) throws -> [Float] { try weights.tensor(name, shape: [hidden]).scalars }
        let layers = try (0..<c.layerCount).map { index -> Layer in
            let p = "layers.\(index)."
            return Layer(attentionNorm: try vector(p + "input_layernorm.weight"),
                         query: try linear(p + "self_attn.q_proj.weight", hidden, hidden),
                         key: try linear(p + "self_attn.k_proj.weight", kvWidth, hidden),
                         value: try linear(p + "self_attn.v_proj.weight", kvWidth, hidden),
                         attentionOutput: try linear(p + "self_attn.o_proj.weight", hidden, hidden),
                         feedForwardNorm: try vector(p + "post_attention_layernorm.weight"),
                         gate: try linear(p + "mlp.gate_proj.weight", c.intermediateSize, hidden),
                         up: try linear(p + "mlp.up_proj.weight", c.intermediateSize, hidden),
                         down: try linear(p + "mlp.down_proj.weight", hidden, c.intermediateSize))
        }
        let table = try weights.tensor("embed_tokens.weight", shape: [c.vocabularySize, hidden]).scalars
        let head = c.tiedEmbeddings ? LlamaLinear(rows: c.vocabularySize, columns: hidden, values: table)
                                    : try linear("lm_head.weight", c.vocabularySize, hidden)
        self.init(configuration: c, tokenizer: tokenizer, name: source, chatTemplate: nil,
                  computePath: .float32Reference, pool: pool,
                  embedding: LlamaEmbedding(values: table, vocabularySize: c.vocabularySize, hiddenSize: hidden),
                  layers: layers, outputNorm: try vector("norm.weight"), head: head)
    }
}
