import Foundation
import Inference

// A trained GPT-2 or BERT as an inference model: the parameters (a LoRA adapter merged into a
// copy, the base untouched) handed to the inference engine's own constructor as in-memory
// tensors under the names its checkpoints use, so the engine checks every name and shape as it
// does for a file, and nothing is written to disk.

extension TrainableGPT2 {
    /// The inference engine's `GPT2Model` computing what this model computes now (adapter merged,
    /// no dropout), with `tokenizer`; `name` is its source in errors.
    /// - Throws: `TrainingError` when the attention is scaled in a way the inference engine does not
    ///   implement (`scale_attn_weights` false or `scale_attn_by_inverse_layer_idx` true), or the
    ///   adapter does not fit the base.
    public func inferenceModel(tokenizer: any Tokenizer, name: String) throws -> GPT2Model {
        guard scalesAttentionWeights, !scalesAttentionByInverseLayerIndex else {
            throw TrainingError(source: source, problem: "the attention is scaled otherwise than by 1/sqrt(head size), which the inference engine does not compute",
                                fix: "run a GPT-2 whose config.json has scale_attn_weights true and scale_attn_by_inverse_layer_idx false")
        }
        let merged = try mergedParameters()
        var tensors: [String: Tensor] = [:]
        for slot in merged.layout.slots {
            let name = slot.name.hasPrefix("transformer.") ? String(slot.name.dropFirst("transformer.".count)) : slot.name
            tensors[name] = merged.tensor(slot.name)
        }
        return try GPT2Model(configuration: configuration, weights: WeightSet(tensors: tensors, file: name), tokenizer: tokenizer, source: name)
    }

    /// The training forward's logits `[batch × time, vocabulary]` on `batch`, row-major.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func forwardLogits(_ batch: CausalLMBatch) throws -> [Float] {
        var logits: [Float] = []
        var step = GPT2Step(model: self, batch: batch)
        step.logitsObserver = { logits = Array($0) }
        _ = try step.run(backward: false)
        return logits
    }
}

extension TrainableBERT {
    /// The inference engine's `BERTModel` (masked LM and encoder, mean pooling) computing what this
    /// model computes now (adapter merged, no dropout), with `tokenizer`; `name` is its source in errors.
    /// - Throws: `TrainingError` when the adapter does not fit the base; `ModelError` for a tensor
    ///   the engine cannot take.
    public func inferenceModel(tokenizer: any Tokenizer, name: String) throws -> BERTModel {
        let merged = try mergedParameters()
        var tensors: [String: Tensor] = [:]
        for slot in merged.layout.slots { tensors[BERTModel.canonicalName(slot.name)] = merged.tensor(slot.name) }
        return try BERTModel(configuration: configuration, weights: WeightSet(tensors: tensors, file: name), tokenizer: tokenizer, source: name)
    }

    /// The training forward's logits `[batch × time, vocabulary]` on `batch`, row-major.
    /// - Throws: `TrainingError` for a batch the model cannot take (it needs one label that counts).
    func forwardLogits(_ batch: MaskedLMBatch) throws -> [Float] {
        var logits: [Float] = []
        var step = BERTStep(model: self, batch: batch)
        step.logitsObserver = { logits = Array($0) }
        _ = try step.run(backward: false)
        return logits
    }
}
