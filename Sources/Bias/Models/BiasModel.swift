/// Any model a bias action can run on: the LabScript binding turns a model id or pipeline object
/// into one of these, and each action checks that it got the kind it needs.
public enum BiasModel {
    /// A masked LM (BERT-like): fill-mask, pseudo-log-likelihood.
    case masked(any MaskedPredictor)
    /// A causal LM (GPT-2, Llama): next-token distributions, sentence log-probability, generation.
    case causal(any NextTokenPredictor)
    /// A sentence embedder (feature extraction, mean pooling).
    case embedder(any SentenceEmbedder)

    /// The kind, as an error message names it.
    public var kind: String {
        switch self {
        case .masked: "a masked language model (fill-mask)"
        case .causal: "a causal language model (text-generation)"
        case .embedder: "a sentence embedding model (feature-extraction)"
        }
    }

    /// The error for an action that cannot use this kind of model.
    func unsupported(by action: String, needs: String) -> BiasError {
        BiasError(problem: "\(action) cannot run on \(kind)", fix: "give it \(needs)")
    }
}
