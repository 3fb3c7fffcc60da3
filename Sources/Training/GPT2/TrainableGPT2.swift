import Foundation
import Inference

/// A Hugging Face `GPT2LMHeadModel` in float32 for training: learned positions, pre-LN blocks
/// (LayerNorm, causal attention, tanh-GELU MLP, or erf GELU when `activation_function` is
/// "gelu"), `Conv1D` weights `[in, out]`, tied head. The
/// backward pass gives the causal-LM loss's gradient for every parameter, or only a LoRA
/// adapter's (`c_attn`, `c_proj`, `c_fc`) when one is attached.
///
/// While `trainingSeed` is set (a `TrainingLoop` step), the config's dropouts apply (`embd_pdrop`,
/// `attn_pdrop`, `resid_pdrop`) and a LoRA adapter's; with its own masks, not PyTorch's.
public struct TrainableGPT2: TrainableModel, Sendable {
    /// The hyper-parameters (tanh or erf GELU).
    public let configuration: GPT2Model.Configuration
    /// `scale_attn_weights`: scores are divided by `sqrt(D)` (true in every released GPT-2).
    public var scalesAttentionWeights = true
    /// `scale_attn_by_inverse_layer_idx`: block `l`'s scores are further divided by `l + 1`.
    public var scalesAttentionByInverseLayerIndex = false
    /// `embd_pdrop`, `attn_pdrop`, `resid_pdrop`: the dropouts applied while `trainingSeed` is set
    /// (0 when built from parameters; config.json's values, transformers' default 0.1, when loaded).
    public var embeddingDropout = 0.0, attentionDropout = 0.0, residualDropout = 0.0
    /// Every parameter, named as in the checkpoint (`transformer.wte.weight`, ...; the tied head once).
    public var parameters: ParameterSet
    /// The LoRA adapter being trained, if any; with one, `parameters` are frozen.
    public var adapter: LoRAAdapter?
    /// Where the model came from (for errors).
    public let source: String
    /// The seed of the LoRA dropout masks while training; nil in evaluation (no dropout).
    public var trainingSeed: UInt64?
    /// PEFT's task type for this model's adapters.
    public static let peftTaskType: String? = "CAUSAL_LM"

    /// The parameter names of `GPT2LMHeadModel` with a tied head.
    public static func parameterLayout(for c: GPT2Model.Configuration) -> ParameterLayout {
        var layout = ParameterLayout()
        let C = c.embeddingSize
        layout.append("transformer.wte.weight", shape: [c.vocabularySize, C])
        layout.append("transformer.wpe.weight", shape: [c.maximumPositions, C])
        for l in 0..<c.layerCount {
            let p = "transformer.h.\(l)."
            layout.append(p + "ln_1.weight", shape: [C]); layout.append(p + "ln_1.bias", shape: [C])
            layout.append(p + "attn.c_attn.weight", shape: [C, 3 * C]); layout.append(p + "attn.c_attn.bias", shape: [3 * C])
            layout.append(p + "attn.c_proj.weight", shape: [C, C]); layout.append(p + "attn.c_proj.bias", shape: [C])
            layout.append(p + "ln_2.weight", shape: [C]); layout.append(p + "ln_2.bias", shape: [C])
            layout.append(p + "mlp.c_fc.weight", shape: [C, c.innerSize]); layout.append(p + "mlp.c_fc.bias", shape: [c.innerSize])
            layout.append(p + "mlp.c_proj.weight", shape: [c.innerSize, C]); layout.append(p + "mlp.c_proj.bias", shape: [C])
        }
        layout.append("transformer.ln_f.weight", shape: [C]); layout.append("transformer.ln_f.bias", shape: [C])
        return layout
    }

    /// A model over `parameters` (in `parameterLayout(for: configuration)`).
    /// - Throws: `TrainingError` when the layout does not match the configuration or the activation is not tanh-GELU.
    public init(configuration: GPT2Model.Configuration, parameters: ParameterSet, source: String = "GPT-2 model") throws {
        guard configuration.activation == .geluTanh || configuration.activation == .gelu else {
            throw TrainingError(source: source, problem: "activation \(configuration.activation) is not supported for training",
                                fix: "use a GPT-2 checkpoint with activation_function \"gelu_new\" (or \"gelu\")")
        }
        guard parameters.layout == Self.parameterLayout(for: configuration) else {
            throw TrainingError(source: source, problem: "the parameters are not laid out for this configuration",
                                fix: "build them with TrainableGPT2.parameterLayout(for:)")
        }
        self.configuration = configuration
        self.parameters = parameters
        self.source = source
    }

    /// Loads a Hugging Face GPT-2 folder (`config.json`, `model.safetensors`, with or without the
    /// `transformer.` prefix) in float32.
    /// - Throws: `TrainingError` naming the file and the field or tensor that is missing or misshapen.
    public init(directory: URL) throws {
        var dropouts: [Double] = []
        let (configuration, scaled, byLayer) = try CheckpointLoading.configuration(in: directory, fix: "use a GPT2LMHeadModel config.json from transformers") {
            config -> (GPT2Model.Configuration, Bool, Bool) in
            dropouts = try ["embd_pdrop", "attn_pdrop", "resid_pdrop"].map { name in
                let value = try config.number(name, default: 0.1)
                guard value >= 0, value < 1 else {
                    throw TrainingError(source: config.path, problem: "\(name) is \(value)", fix: "use a dropout in [0, 1)")
                }
                return value
            }
            if let tied = config.fields["tie_word_embeddings"] as? Bool, !tied {
                throw TrainingError(source: config.path, problem: "tie_word_embeddings is false", fix: "training supports GPT-2's tied head only")
            }
            if (config.fields["reorder_and_upcast_attn"] as? Bool) == true {
                throw TrainingError(source: config.path, problem: "reorder_and_upcast_attn is true, which training does not support",
                                    fix: "set reorder_and_upcast_attn to false (float32 training upcasts nothing)")
            }
            return (try GPT2Model.Configuration(config), (config.fields["scale_attn_weights"] as? Bool) ?? true,
                    (config.fields["scale_attn_by_inverse_layer_idx"] as? Bool) ?? false)
        }
        let parameters = try CheckpointLoading.parameters(Self.parameterLayout(for: configuration), in: directory, kind: "GPT2LMHeadModel") {
            $0.hasPrefix("transformer.") ? String($0.dropFirst("transformer.".count)) : nil
        }
        try self.init(configuration: configuration, parameters: parameters, source: directory.path)
        scalesAttentionWeights = scaled
        scalesAttentionByInverseLayerIndex = byLayer
        (embeddingDropout, attentionDropout, residualDropout) = (dropouts[0], dropouts[1], dropouts[2])
    }

    /// The attention logit scale of block `layer`.
    func attentionScale(layer: Int) -> Float {
        let D = Float(configuration.embeddingSize / configuration.headCount)
        return (scalesAttentionWeights ? 1 / D.squareRoot() : 1) / (scalesAttentionByInverseLayerIndex ? Float(layer + 1) : 1)
    }

    /// The layers a LoRA adapter may wrap, by PEFT's module names (`c_proj` names both the
    /// attention output and the MLP output, as in PEFT).
    public var loraTargets: [LoRATarget] {
        let C = configuration.embeddingSize, F = configuration.innerSize
        return (0..<configuration.layerCount).flatMap { l -> [LoRATarget] in
            let p = "transformer.h.\(l)."
            return [LoRATarget(path: p + "attn.c_attn", module: "c_attn", inputs: C, outputs: 3 * C, fanInFanOut: true),
                    LoRATarget(path: p + "attn.c_proj", module: "c_proj", inputs: C, outputs: C, fanInFanOut: true),
                    LoRATarget(path: p + "mlp.c_fc", module: "c_fc", inputs: C, outputs: F, fanInFanOut: true),
                    LoRATarget(path: p + "mlp.c_proj", module: "c_proj", inputs: F, outputs: C, fanInFanOut: true)]
        }
    }

    /// The value of `objective` on `batch` (cross-entropy: labels shifted by one, −100 ignored, the model's own mean over counted
    /// tokens) and its gradient with respect to `trainableParameters`.
    /// - Throws: `TrainingError` for ids outside the vocabulary, rows longer than `n_positions`, or no counted label.
    public func lossAndGradients(_ batch: CausalLMBatch, objective: TrainingObjective) throws -> TrainingGradients {
        try GPT2Step(model: self, batch: batch, objective: objective).run(backward: true)
    }

    /// The positions of `batch` whose target label is not −100.
    public func countedTokens(in batch: CausalLMBatch) -> Int {
        batch.shiftedTargets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
    }

    /// The value of `objective` on `batch` without gradients.
    /// - Throws: as `lossAndGradients`.
    public func loss(_ batch: CausalLMBatch, objective: TrainingObjective) throws -> Double {
        try GPT2Step(model: self, batch: batch, objective: objective).run(backward: false).loss
    }
}
