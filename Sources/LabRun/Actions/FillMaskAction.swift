import Inference
import LabScript

/// Fill-mask for whichever kind of model the lab names: a masked LM predicts each mask directly;
/// a causal LM (the bundled SmolLM2) ranks whole-word candidates for one mask that ends the
/// sentence, and its results say so (`ranked_by: 'causal'`).
enum FillMaskAction {
    /// One text's predictions per mask, best first, as LabScript dicts with transformers' keys.
    static func predictions(for texts: [String], topK: Int, targets: [String]?, model: LoadedModel,
                            modelID: String) throws -> [[[Value]]] {
        if let masked = model.masked {
            return try FillMaskPipeline(model: masked)(texts, topK: topK, targets: targets).map { masks in
                masks.map { $0.map { value(score: $0.score, token: $0.token, tokenString: $0.tokenString, sequence: $0.sequence) } }
            }
        }
        guard let causal = model.causal else {
            throw HostError.valueError("\(modelID) cannot fill masks: it is neither a masked nor a causal language model")
        }
        let pipeline = CausalFillMaskPipeline(model: causal)
        return try texts.map { text in
            [try pipeline(text, topK: topK, targets: targets).map {
                value(score: $0.score, token: $0.token, tokenString: $0.tokenString, sequence: $0.sequence, rankedBy: $0.rankedBy)
            }]
        }
    }

    /// One prediction as transformers' dict (`score`, `token`, `token_str`, `sequence`), plus
    /// `ranked_by` when a causal model ranked it.
    private static func value(score: Double, token: Int, tokenString: String, sequence: String, rankedBy: String? = nil) -> Value {
        var entries: [(String, Value)] = [
            ("score", .float(score)),
            ("token", .int(token)),
            ("token_str", .string(tokenString)),
            ("sequence", .string(sequence)),
        ]
        if let rankedBy { entries.append(("ranked_by", .string(rankedBy))) }
        return .dict(entries)
    }
}
