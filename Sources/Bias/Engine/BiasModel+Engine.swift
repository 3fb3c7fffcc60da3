import Foundation
import Inference

extension BiasModel {
    /// The task a loaded model is used for.
    public enum Task: String, Sendable, CaseIterable {
        /// Masked LM (`pipeline("fill-mask")`).
        case fillMask = "fill-mask"
        /// Causal LM (`pipeline("text-generation")`).
        case textGeneration = "text-generation"
        /// Sentence embeddings (`pipeline("feature-extraction")`).
        case featureExtraction = "feature-extraction"
    }

    /// A model object of the inference engine used for `task`. With no task: a causal model is
    /// used for text generation, an encoder without a masked-LM use for feature extraction, else
    /// fill-mask. Throws when the object cannot do the task.
    public init(engineModel model: any Sendable, task: Task? = nil) throws {
        switch task {
        case .textGeneration?:
            guard let causal = model as? any Inference.CausalLanguageModel else {
                throw BiasError(problem: "this model cannot generate text", fix: "use a causal model such as SmolLM2 or gpt2")
            }
            self = .causal(try EngineNextTokenPredictor(model: causal))
        case .fillMask?:
            guard let masked = model as? any Inference.MaskedLanguageModel else {
                throw BiasError(problem: "this model cannot fill masks", fix: "use a masked model such as bert-base-uncased")
            }
            self = .masked(try EngineMaskedPredictor(model: masked))
        case .featureExtraction?:
            guard let encoder = model as? any TextEncoder else {
                throw BiasError(problem: "this model cannot embed sentences", fix: "use an encoder such as sentence-transformers/all-MiniLM-L6-v2")
            }
            self = .embedder(EngineSentenceEmbedder(model: encoder))
        case nil:
            if model is any Inference.CausalLanguageModel {
                self = try BiasModel(engineModel: model, task: .textGeneration)
            } else if model is any Inference.MaskedLanguageModel {
                self = try BiasModel(engineModel: model, task: .fillMask)
            } else {
                self = try BiasModel(engineModel: model, task: .featureExtraction)
            }
        }
    }

    /// Loads the model in `directory` (through `cache`, so pipelines share it) for `task`. With no
    /// task, a folder with sentence-transformers files (`modules.json`) is used for feature
    /// extraction; otherwise as `init(engineModel:task:)` decides.
    public static func load(directory: URL, task: Task? = nil, cache: ModelCache = .shared) throws -> BiasModel {
        let model = try cache.model(at: directory)
        if task == nil && FileManager.default.fileExists(atPath: directory.appendingPathComponent("modules.json").path) {
            return try BiasModel(engineModel: model, task: .featureExtraction)
        }
        return try BiasModel(engineModel: model, task: task)
    }
}
