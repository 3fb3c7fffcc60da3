import Foundation
import Inference

/// A Hugging Face `BertForMaskedLM` in float32 for training: word + position + token-type
/// embeddings and LayerNorm, post-LN encoder layers (bidirectional attention over unpadded keys,
/// erf-GELU feed-forward), the masked-LM head (dense, GELU, LayerNorm, decoder tied to the word
/// embeddings plus its own bias). Every token has token type 0. The loss is the mean
/// cross-entropy over positions whose label is not −100 (labels are not shifted).
///
/// While `trainingSeed` is set (a `TrainingLoop` step), the config's dropouts apply
/// (`hidden_dropout_prob`, `attention_probs_dropout_prob`) and a LoRA adapter's; with its own
/// masks, not PyTorch's.
public struct TrainableBERT: TrainableModel, Sendable {
    /// The hyper-parameters (`gelu` or `gelu_new` activation).
    public let configuration: BERTModel.Configuration
    /// Every parameter, named as in the checkpoint (`bert.embeddings.word_embeddings.weight`, ...,
    /// `cls.predictions.bias`; the tied decoder once).
    public var parameters: ParameterSet
    /// `hidden_dropout_prob` and `attention_probs_dropout_prob`, applied while `trainingSeed` is set
    /// (0 when built from parameters; config.json's values, transformers' default 0.1, when loaded).
    public var hiddenDropout = 0.0, attentionDropout = 0.0
    /// The LoRA adapter being trained, if any; with one, `parameters` are frozen.
    public var adapter: LoRAAdapter?
    /// Where the model came from (for errors).
    public let source: String
    /// The seed of the LoRA dropout masks while training; nil in evaluation (no dropout).
    public var trainingSeed: UInt64?
    /// PEFT's task type for this model's adapters.
    public static let peftTaskType: String? = nil

    /// The parameter names of `BertForMaskedLM` with a tied decoder.
    public static func parameterLayout(for c: BERTModel.Configuration) -> ParameterLayout {
        var layout = ParameterLayout()
        let C = c.hiddenSize, F = c.intermediateSize
        func dense(_ path: String, _ outputs: Int, _ inputs: Int) {
            layout.append(path + ".weight", shape: [outputs, inputs]); layout.append(path + ".bias", shape: [outputs])
        }
        func norm(_ path: String) { layout.append(path + ".weight", shape: [C]); layout.append(path + ".bias", shape: [C]) }
        layout.append("bert.embeddings.word_embeddings.weight", shape: [c.vocabularySize, C])
        layout.append("bert.embeddings.position_embeddings.weight", shape: [c.maximumPositions, C])
        layout.append("bert.embeddings.token_type_embeddings.weight", shape: [c.typeCount, C])
        norm("bert.embeddings.LayerNorm")
        for l in 0..<c.layerCount {
            let p = "bert.encoder.layer.\(l)."
            dense(p + "attention.self.query", C, C); dense(p + "attention.self.key", C, C); dense(p + "attention.self.value", C, C)
            dense(p + "attention.output.dense", C, C); norm(p + "attention.output.LayerNorm")
            dense(p + "intermediate.dense", F, C); dense(p + "output.dense", C, F); norm(p + "output.LayerNorm")
        }
        dense("cls.predictions.transform.dense", C, C); norm("cls.predictions.transform.LayerNorm")
        layout.append("cls.predictions.bias", shape: [c.vocabularySize])
        return layout
    }

    /// A model over `parameters` (in `parameterLayout(for: configuration)`).
    /// - Throws: `TrainingError` when the layout does not match or the activation is not a GELU.
    public init(configuration: BERTModel.Configuration, parameters: ParameterSet, source: String = "BERT model") throws {
        guard configuration.activation == .gelu || configuration.activation == .geluTanh else {
            throw TrainingError(source: source, problem: "hidden_act \(configuration.activation) is not supported for training",
                                fix: "use a BERT checkpoint with hidden_act \"gelu\" (or \"gelu_new\")")
        }
        guard parameters.layout == Self.parameterLayout(for: configuration) else {
            throw TrainingError(source: source, problem: "the parameters are not laid out for this configuration",
                                fix: "build them with TrainableBERT.parameterLayout(for:)")
        }
        self.configuration = configuration
        self.parameters = parameters
        self.source = source
    }

    /// Loads a Hugging Face `BertForMaskedLM` folder (`config.json`, `model.safetensors`) in float32.
    /// - Throws: `TrainingError` naming the file and the field or tensor that is missing or misshapen.
    public init(directory: URL) throws {
        var dropouts: [Double] = []
        let configuration = try CheckpointLoading.configuration(in: directory, fix: "use a BertForMaskedLM config.json from transformers") {
            config -> BERTModel.Configuration in
            dropouts = try ["hidden_dropout_prob", "attention_probs_dropout_prob"].map { name in
                let value = try config.number(name, default: 0.1)
                guard value >= 0, value < 1 else {
                    throw TrainingError(source: config.path, problem: "\(name) is \(value)", fix: "use a dropout in [0, 1)")
                }
                return value
            }
            if let tied = config.fields["tie_word_embeddings"] as? Bool, !tied {
                throw TrainingError(source: config.path, problem: "tie_word_embeddings is false", fix: "training supports BERT's tied decoder only")
            }
            return try BERTModel.Configuration(config)
        }
        let parameters = try CheckpointLoading.parameters(Self.parameterLayout(for: configuration), in: directory, kind: "BertForMaskedLM") {
            $0 == "cls.predictions.bias" ? "cls.predictions.decoder.bias" : nil
        }
        try self.init(configuration: configuration, parameters: parameters, source: directory.path)
        (hiddenDropout, attentionDropout) = (dropouts[0], dropouts[1])
    }

    /// The layers a LoRA adapter may wrap, by PEFT's module names (`dense` names every dense layer,
    /// the head's included, as PEFT's suffix match does).
    public var loraTargets: [LoRATarget] {
        let C = configuration.hiddenSize, F = configuration.intermediateSize
        var targets = (0..<configuration.layerCount).flatMap { l -> [LoRATarget] in
            let p = "bert.encoder.layer.\(l)."
            return [LoRATarget(path: p + "attention.self.query", module: "query", inputs: C, outputs: C),
                    LoRATarget(path: p + "attention.self.key", module: "key", inputs: C, outputs: C),
                    LoRATarget(path: p + "attention.self.value", module: "value", inputs: C, outputs: C),
                    LoRATarget(path: p + "attention.output.dense", module: "dense", inputs: C, outputs: C),
                    LoRATarget(path: p + "intermediate.dense", module: "dense", inputs: C, outputs: F),
                    LoRATarget(path: p + "output.dense", module: "dense", inputs: F, outputs: C)]
        }
        targets.append(LoRATarget(path: "cls.predictions.transform.dense", module: "dense", inputs: C, outputs: C))
        return targets
    }

    /// The value of `objective` on `batch` (cross-entropy: the masked-LM loss) and its gradient with respect to `trainableParameters`.
    /// - Throws: `TrainingError` for ids outside the vocabulary, rows longer than the positions, or no label.
    public func lossAndGradients(_ batch: MaskedLMBatch, objective: TrainingObjective) throws -> TrainingGradients {
        try BERTStep(model: self, batch: batch, objective: objective).run(backward: true)
    }

    /// The positions of `batch` whose target label is not −100.
    public func countedTokens(in batch: MaskedLMBatch) -> Int {
        batch.unshiftedTargets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
    }

    /// The value of `objective` on `batch` without gradients.
    /// - Throws: as `lossAndGradients`.
    public func loss(_ batch: MaskedLMBatch, objective: TrainingObjective) throws -> Double {
        try BERTStep(model: self, batch: batch, objective: objective).run(backward: false).loss
    }
}

/// A masked-LM batch: the label at position `t` is the target of the logits at `t` (−100 at every
/// position that was not masked).
public typealias MaskedLMBatch = TokenBatch
