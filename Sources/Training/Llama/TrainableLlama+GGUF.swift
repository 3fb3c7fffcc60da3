import Foundation
import Inference

extension TrainableLlama {
    /// Opens a Llama GGUF file (the bundled SmolLM2 is Q4_1) for training: every tensor is
    /// dequantized once to float32, renamed to Hugging Face's `LlamaForCausalLM` names, and the
    /// query and key rows are put back in Hugging Face's order (llama.cpp's converter interleaves
    /// the two halves of each head for its rotary layout), so the model trains, saves and loads as
    /// a transformers checkpoint. Memory: 4 bytes a parameter (SmolLM2-135M: 538 MB), on top of
    /// the mapped file.
    /// - Throws: `TrainingError` naming the file and the tensor that is missing or misshapen.
    public init(gguf file: GGUFFile) throws {
        var configuration: LlamaConfiguration
        do {
            configuration = try LlamaConfiguration(gguf: file)
        } catch {
            throw TrainingError(source: file.path, problem: "\(error)", fix: "use a Llama GGUF file")
        }
        configuration.rotaryLayout = .rotateHalf
        let layout = Self.parameterLayout(for: configuration)
        var parameters = ParameterSet(zeros: layout)
        for slot in layout.slots {
            let ggufName = Self.ggufName(of: slot.name)
            guard let tensor = file.tensor(named: ggufName) else {
                throw TrainingError(source: file.path, problem: "tensor '\(ggufName)' (\(slot.name)) is missing",
                                    fix: "use a complete Llama GGUF file")
            }
            guard tensor.elementCount == slot.count else {
                throw TrainingError(source: file.path, problem: "tensor '\(ggufName)' has \(tensor.elementCount) values, expected \(slot.shape)",
                                    fix: "check that the file's llama.* metadata matches its tensors")
            }
            var values = try Dequantization.dequantize(tensor, of: file)
            if slot.name.hasSuffix("self_attn.q_proj.weight") {
                values = Self.rotateHalfOrder(values, heads: configuration.headCount, headDimension: configuration.headDimension)
            } else if slot.name.hasSuffix("self_attn.k_proj.weight") {
                values = Self.rotateHalfOrder(values, heads: configuration.kvHeadCount, headDimension: configuration.headDimension)
            }
            try parameters.set(slot.name, to: Tensor(shape: slot.shape, scalars: values), source: file.path)
        }
        try self.init(configuration: configuration, parameters: parameters, source: file.path)
    }

    /// The GGUF name of a Hugging Face parameter name (`model.layers.3.mlp.up_proj.weight` →
    /// `blk.3.ffn_up.weight`).
    static func ggufName(of name: String) -> String {
        let fixed = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        if let known = fixed[name] { return known }
        let parts = name.split(separator: ".")
        guard parts.count >= 5, parts[0] == "model", parts[1] == "layers" else { return name }
        let modules = ["input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
                       "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
                       "post_attention_layernorm": "ffn_norm", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
                       "mlp.down_proj": "ffn_down"]
        let module = parts[3..<(parts.count - 1)].joined(separator: ".")
        return "blk.\(parts[2]).\(modules[module] ?? module).\(parts[parts.count - 1])"
    }

    /// Rows of a [heads · d, columns] projection from llama.cpp's order (within a head, row 2i + h
    /// holds the h-th half's i-th dimension) back to Hugging Face's (row h · d/2 + i).
    static func rotateHalfOrder(_ values: [Float], heads: Int, headDimension d: Int) -> [Float] {
        let columns = values.count / (heads * d)
        var result = [Float](repeating: 0, count: values.count)
        for head in 0..<heads {
            for half in 0..<2 {
                for i in 0..<(d / 2) {
                    let from = (head * d + 2 * i + half) * columns
                    let to = (head * d + half * (d / 2) + i) * columns
                    result.replaceSubrange(to ..< to + columns, with: values[from ..< from + columns])
                }
            }
        }
        return result
    }

    /// An inference model computing what this model computes (its adapter merged), with the
    /// base model's `tokenizer`: what `pipeline(...)` and the bias metrics run after training.
    /// - Throws: `TrainingError` when the adapter does not fit; `ModelError` for a bad configuration.
    public func inferenceModel(tokenizer: any Tokenizer, name: String) throws -> LlamaModel {
        let merged = try mergedParameters()
        var tensors: [String: Tensor] = [:]
        for slot in merged.layout.slots {
            let name = slot.name.hasPrefix("model.") ? String(slot.name.dropFirst("model.".count)) : slot.name
            tensors[name] = merged.tensor(slot.name)
        }
        return try LlamaModel(huggingFace: ConfigFile(path: name, fields: configFields), weights: WeightSet(tensors: tensors, file: name),
                              tokenizer: tokenizer, source: name)
    }

    /// This configuration as transformers' `config.json` for `LlamaForCausalLM`.
    public var configFields: [String: Any] {
        let c = configuration
        return [
            "architectures": ["LlamaForCausalLM"], "model_type": "llama",
            "hidden_size": c.hiddenSize, "num_attention_heads": c.headCount, "num_key_value_heads": c.kvHeadCount,
            "head_dim": c.headDimension, "num_hidden_layers": c.layerCount, "intermediate_size": c.intermediateSize,
            "vocab_size": c.vocabularySize, "max_position_embeddings": c.contextLength, "rope_theta": Double(c.ropeTheta),
            "rms_norm_eps": Double(c.rmsNormEpsilon), "tie_word_embeddings": c.tiedEmbeddings, "hidden_act": "silu",
            "attention_bias": biases.contains("q_proj"), "mlp_bias": biases.contains("gate_proj"), "torch_dtype": "float32",
        ]
    }

    /// Saves the model (adapter merged) as a transformers folder, wherever it was loaded from:
    /// `config.json` written from the configuration and `model.safetensors`, each atomically.
    /// - Throws: `TrainingError` when a file cannot be written.
    public func saveCheckpoint(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: configFields, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: directory.appendingPathComponent("config.json"), options: .atomic)
        } catch {
            throw TrainingError(source: directory.path, problem: "cannot be written (\(error.localizedDescription))", fix: "choose a writable folder")
        }
        try SafeTensorsWriter.write(mergedParameters(), to: directory.appendingPathComponent("model.safetensors"))
    }
}
