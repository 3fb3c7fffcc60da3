/// What a model is run for, named as transformers names its pipelines: the one spelling of "task"
/// shared by the pipelines, the LabScript `pipeline(task, …)` binding and the bias actions.
public enum ModelTask: String, Sendable, CaseIterable, Codable {
    /// Predict masked tokens (`pipeline("fill-mask")`); a causal model ranks whole-word candidates.
    case fillMask = "fill-mask"
    /// Continue a prompt (`pipeline("text-generation")`).
    case textGeneration = "text-generation"
    /// Hidden states or pooled sentence vectors (`pipeline("feature-extraction")`).
    case featureExtraction = "feature-extraction"
    /// A sentence's log-probability: pseudo-log-likelihood for a masked model, Σ log p for a causal one.
    case sentenceScoring = "sentence-scoring"
    /// Labels with scores for a whole text (`pipeline("text-classification")`, alias `sentiment-analysis`).
    case textClassification = "text-classification"
    /// Rank labels the model never saw by NLI entailment (`pipeline("zero-shot-classification")`).
    case zeroShotClassification = "zero-shot-classification"
    /// A label for each token or entity (`pipeline("token-classification")`, alias `ner`).
    case tokenClassification = "token-classification"
}
