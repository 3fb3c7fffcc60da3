import Inference
import LabScript

/// Fill-mask for whichever kind of model the lab names: a masked LM predicts the mask directly;
/// a causal LM (the bundled SmolLM2) ranks whole-word candidates for a mask that ends the sentence.
enum CausalFillMask {
    /// Predictions per text, per mask, best first.
    static func predictions(for texts: [String], topK: Int, targets: [String]?, model: any Sendable,
                            modelID: String) throws -> [[[FillMaskPrediction]]] {
        switch model {
        case let masked as any MaskedLanguageModel:
            return try FillMaskPipeline(model: masked)(texts, topK: topK, targets: targets)
        default:
            throw HostError.valueError("\(modelID) cannot fill masks: it is not a masked language model")
        }
    }
}
