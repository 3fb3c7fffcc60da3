import Foundation
import Inference

/// A Hugging Face `LlamaForCausalLM` (SmolLM2, Llama) in float32 for training: the forward pass
/// keeps every activation and a hand-written backward pass gives the gradient of the causal-LM
/// loss with respect to every parameter, or only to a LoRA adapter's when one is attached (the
/// base is then frozen).
///
/// Shapes: `B` rows of `T` tokens, `N = B·T`, hidden `C`, `H` query heads and `KV` key/value
/// heads of width `D`, MLP width `F`, vocabulary `V`. Linear weights are `[out, in]`; products are
/// `X · Wᵀ`, `dY · W` and `dYᵀ · X` on OpenBLAS. While `trainingSeed` is set (a `TrainingLoop`
/// step), `attention_dropout` (0 in SmolLM2) and a LoRA adapter's dropout apply, with their own
/// masks, not PyTorch's.
public struct TrainableLlama: TrainableModel, Sendable {
    /// The model's shape (rotate-half rotary layout, as Hugging Face weights expect).
    public let configuration: LlamaConfiguration
    /// Every parameter, named as in the Hugging Face checkpoint (the tied embedding once).
    public var parameters: ParameterSet
    /// The LoRA adapter being trained, if any; with one, `parameters` are frozen.
    public var adapter: LoRAAdapter?
    /// Where the model came from (for errors).
    public let source: String
    /// The seed of the LoRA dropout masks while training; nil in evaluation (no dropout).
    public var trainingSeed: UInt64?
    /// PEFT's task type for this model's adapters.
    public static let peftTaskType: String? = "CAUSAL_LM"

    /// The names of the parameters in Hugging Face's `LlamaForCausalLM` layout; `biases` says
    /// which projections have one (config.json's `attention_bias` covers q, k, v and o; `mlp_bias`
    /// gate, up and down).
    public static func parameterLayout(for c: LlamaConfiguration, biases: Set<String> = []) -> ParameterLayout {
        var layout = ParameterLayout()
        layout.append("model.embed_tokens.weight", shape: [c.vocabularySize, c.hiddenSize])
        for l in 0..<c.layerCount {
            let p = "model.layers.\(l)."
            func projection(_ projection: LlamaProjection) {
                let (outputs, inputs) = projection.shape(c)
                layout.append(p + projection.module + ".weight", shape: [outputs, inputs])
                if biases.contains(projection.rawValue) { layout.append(p + projection.module + ".bias", shape: [outputs]) }
            }
            layout.append(p + "input_layernorm.weight", shape: [c.hiddenSize])
            for attention in [LlamaProjection.query, .key, .value, .output] { projection(attention) }
            layout.append(p + "post_attention_layernorm.weight", shape: [c.hiddenSize])
            for mlp in [LlamaProjection.gate, .up, .down] { projection(mlp) }
        }
        layout.append("model.norm.weight", shape: [c.hiddenSize])
        if !c.tiedEmbeddings { layout.append("lm_head.weight", shape: [c.vocabularySize, c.hiddenSize]) }
        return layout
    }

    /// The projections that have a bias (`q_proj`, ...).
    public let biases: Set<String>
    /// `attention_dropout`, applied to the attention probabilities while `trainingSeed` is set.
    public var attentionDropout = 0.0

    /// A model over `parameters` (in `parameterLayout(for: configuration, biases: biases)`).
    /// - Throws: `TrainingError` when the layout does not match the configuration.
    public init(configuration: LlamaConfiguration, parameters: ParameterSet, biases: Set<String> = [], source: String = "Llama model") throws {
        guard parameters.layout == Self.parameterLayout(for: configuration, biases: biases) else {
            throw TrainingError(source: source, problem: "the parameters are not laid out for this configuration",
                                fix: "build them with TrainableLlama.parameterLayout(for:)")
        }
        self.configuration = configuration
        self.parameters = parameters
        self.biases = biases
        self.source = source
    }

    /// Loads a Hugging Face Llama folder (`config.json`, `model.safetensors`) in float32.
    /// - Throws: `TrainingError` naming the file and the field or tensor that is missing or misshapen.
    public init(directory: URL) throws {
        let configURL = directory.appendingPathComponent("config.json")
        let configuration: LlamaConfiguration
        var biases: Set<String> = []
        var attentionDropout = 0.0
        do {
            let config = try ConfigFile(contentsOf: configURL)
            let hidden = try config.integer("hidden_size"), heads = try config.integer("num_attention_heads")
            let ropeParameters = config.fields["rope_parameters"] as? [String: Any]
            let theta = try (ropeParameters?["rope_theta"] as? NSNumber)?.doubleValue ?? config.number("rope_theta", default: 10000)
            if let type = (ropeParameters?["rope_type"] as? String) ?? (config.fields["rope_scaling"] as? [String: Any])?["rope_type"] as? String,
               type != "default" {
                throw ModelError(file: configURL.path, problem: "rope_type \"\(type)\" is not supported for training (only \"default\")")
            }
            var read = LlamaConfiguration(
                layerCount: try config.integer("num_hidden_layers"), hiddenSize: hidden,
                intermediateSize: try config.integer("intermediate_size"), headCount: heads,
                kvHeadCount: try config.integer("num_key_value_heads", default: heads),
                vocabularySize: try config.integer("vocab_size"),
                contextLength: try config.integer("max_position_embeddings", default: 2048),
                ropeTheta: Float(theta), rmsNormEpsilon: Float(try config.number("rms_norm_eps", default: 1e-6)),
                rotaryLayout: .rotateHalf, tiedEmbeddings: (config.fields["tie_word_embeddings"] as? Bool) ?? false)
            // head_dim may differ from hidden_size / heads; q_proj is then [heads · head_dim, hidden].
            read.headDimension = try config.integer("head_dim", default: hidden / max(heads, 1))
            guard read.headDimension > 0, read.headDimension % 2 == 0 else {
                throw ModelError(file: configURL.path, problem: "head_dim \(read.headDimension) is not a positive even number")
            }
            guard heads > 0, read.kvHeadCount > 0, heads % read.kvHeadCount == 0 else {
                throw ModelError(file: configURL.path, problem: "\(heads) query heads cannot share \(read.kvHeadCount) key/value heads evenly")
            }
            if (config.fields["attention_bias"] as? Bool) == true { biases.formUnion(["q_proj", "k_proj", "v_proj", "o_proj"]) }
            if (config.fields["mlp_bias"] as? Bool) == true { biases.formUnion(["gate_proj", "up_proj", "down_proj"]) }
            configuration = read
            attentionDropout = try config.number("attention_dropout", default: 0)
            guard attentionDropout >= 0, attentionDropout < 1 else {
                throw ModelError(file: configURL.path, problem: "attention_dropout \(attentionDropout) is outside [0, 1)")
            }
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(source: configURL.path, problem: "\(error)", fix: "use a LlamaForCausalLM config.json from transformers")
        }
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        let file = try SafeTensors(contentsOf: weightsURL)
        let layout = Self.parameterLayout(for: configuration, biases: biases)
        var parameters = ParameterSet(zeros: layout)
        for slot in layout.slots {
            guard let tensor = file.tensors[slot.name] else {
                throw TrainingError(source: weightsURL.path, problem: "tensor '\(slot.name)' is missing",
                                    fix: "use a complete LlamaForCausalLM checkpoint (tie_word_embeddings in config.json must match lm_head.weight)")
            }
            try parameters.set(slot.name, to: tensor, source: weightsURL.path)
        }
        try self.init(configuration: configuration, parameters: parameters, biases: biases, source: directory.path)
        self.attentionDropout = attentionDropout
    }

    /// The linear layers a LoRA adapter may wrap, by PEFT's module names.
    public var loraTargets: [LoRATarget] {
        let c = configuration
        return (0..<c.layerCount).flatMap { l in
            LlamaProjection.allCases.map { projection in
                let (outputs, inputs) = projection.shape(c)
                return LoRATarget(path: "model.layers.\(l).\(projection.module)", module: projection.rawValue, inputs: inputs, outputs: outputs)
            }
        }
    }

    /// The value of `objective` on `batch` (cross-entropy: labels shifted by one, −100 ignored, mean over counted tokens) and its
    /// gradient with respect to `trainableParameters`.
    /// - Throws: `TrainingError` for ids outside the vocabulary, rows longer than the context, or a
    ///   batch in which every label is ignored.
    public func lossAndGradients(_ batch: CausalLMBatch, objective: TrainingObjective) throws -> TrainingGradients {
        try LlamaStep(model: self, batch: batch, objective: objective).run(backward: true)
    }

    /// The positions of `batch` whose target label is not −100.
    public func countedTokens(in batch: CausalLMBatch) -> Int {
        batch.shiftedTargets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
    }

    /// The value of `objective` on `batch` without gradients.
    /// - Throws: as `lossAndGradients`.
    public func loss(_ batch: CausalLMBatch, objective: TrainingObjective) throws -> Double {
        try LlamaStep(model: self, batch: batch, objective: objective).run(backward: false).loss
    }
}

/// The linear layers of a Llama block, by PEFT's module names.
enum LlamaProjection: String, CaseIterable, Sendable {
    case query = "q_proj", key = "k_proj", value = "v_proj", output = "o_proj"
    case gate = "gate_proj", up = "up_proj", down = "down_proj"

    /// The module's path inside a block.
    var module: String {
        switch self {
        case .query, .key, .value, .output: return "self_attn.\(rawValue)"
        case .gate, .up, .down: return "mlp.\(rawValue)"
        }
    }

    /// `(outputs, inputs)` of the weight.
    func shape(_ c: LlamaConfiguration) -> (Int, Int) {
        let kv = c.kvHeadCount * c.headDimension, q = c.headCount * c.headDimension
        switch self {
        case .query: return (q, c.hiddenSize)
        case .key, .value: return (kv, c.hiddenSize)
        case .output: return (c.hiddenSize, q)
        case .gate, .up: return (c.intermediateSize, c.hiddenSize)
        case .down: return (c.hiddenSize, c.intermediateSize)
        }
    }
}
