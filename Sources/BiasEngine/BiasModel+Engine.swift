import Bias
import Foundation
import Inference

extension BiasModel {
    /// `model` as the kind of model a bias action runs on, for `task`.
    ///
    /// With no task (or `sentence-scoring`, which both kinds of language model serve): a folder
    /// with sentence-transformers files (`modules.json`) is used for feature extraction, a causal
    /// model for text generation, any other masked model for fill-mask, an encoder for feature extraction.
    /// - Throws: `BiasError` saying which model to use instead when `model` cannot do the task.
    public init(_ model: LoadedModel, task: ModelTask? = nil) throws {
        switch task {
        case .textGeneration?:
            guard let causal = model.causal else {
                throw BiasError(problem: "this model cannot generate text", fix: "use a causal model such as SmolLM2 or gpt2")
            }
            self = .causal(try EngineNextTokenPredictor(model: causal))
        case .fillMask?:
            guard let masked = model.masked else {
                throw BiasError(problem: "this model cannot fill masks", fix: "use a masked model such as bert-base-uncased")
            }
            self = .masked(try EngineMaskedPredictor(model: masked))
        case .featureExtraction?:
            guard let encoder = model.encoder else {
                throw BiasError(problem: "this model cannot embed sentences", fix: "use an encoder such as sentence-transformers/all-MiniLM-L6-v2")
            }
            self = .embedder(EngineSentenceEmbedder(model: encoder))
        case .textClassification?, .zeroShotClassification?, .tokenClassification?:
            throw BiasError(problem: "a text classifier is not a language model, so this bias action cannot run on it",
                            fix: "score generations with evaluate.load(\"toxicity\") or evaluate.load(\"regard\"), and run the action on a masked or causal model")
        case .sentenceScoring?, nil:
            try self.init(model, task: Self.defaultTask(of: model))
        }
    }

    /// The task a model is used for when the action does not say.
    private static func defaultTask(of model: LoadedModel) -> ModelTask {
        let sentenceTransformers = FileManager.default.fileExists(atPath: model.directory.appendingPathComponent("modules.json").path)
        if model.encoder != nil && (sentenceTransformers || model.masked == nil) { return .featureExtraction }
        return model.causal != nil ? .textGeneration : .fillMask
    }
}
