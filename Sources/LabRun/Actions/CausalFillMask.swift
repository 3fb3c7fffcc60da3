import Inference
import LabScript

/// Fill-mask for whichever kind of model the lab names: a masked LM predicts each mask directly;
/// a causal LM (the bundled SmolLM2) ranks whole-word candidates for one mask that ends the
/// sentence, and its results say so (`ranked_by: 'causal'`).
enum CausalFillMask {
    /// One text's predictions per mask, best first, as LabScript dicts with transformers' keys.
    static func predictions(for texts: [String], topK: Int, targets: [String]?, model: any Sendable,
                            modelID: String) throws -> [[[Value]]] {
        switch model {
        case let masked as any MaskedLanguageModel:
            return try FillMaskPipeline(model: masked)(texts, topK: topK, targets: targets)
                .map { $0.map { $0.map(PipelineAction.value(of:)) } }
        case let causal as any CausalLanguageModel:
            let pipeline = CausalFillMaskPipeline(model: causal)
            return try texts.map { text in
                [try pipeline(text, topK: topK, targets: targets).map { prediction in
                    Value.dict([
                        ("score", .float(prediction.score)),
                        ("token", .int(prediction.token)),
                        ("token_str", .string(prediction.tokenString)),
                        ("sequence", .string(prediction.sequence)),
                        ("ranked_by", .string(prediction.rankedBy)),
                    ])
                }]
            }
        default:
            throw HostError.valueError("\(modelID) cannot fill masks: it is neither a masked nor a causal language model")
        }
    }
}
