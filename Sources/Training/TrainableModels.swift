import Foundation
import Inference

/// Opens a Hugging Face model folder for training by its `config.json`'s `model_type`.
public enum TrainableModels {
    /// The architectures labrun trains, by `model_type`.
    public static let supportedTypes = ["llama", "gpt2", "bert"]

    /// `TrainableLlama`, `TrainableGPT2` or `TrainableBERT` for the folder at `directory`.
    /// - Throws: `TrainingError` naming config.json when its `model_type` is missing or not one of
    ///   `supportedTypes`; the model's own loading errors.
    public static func load(directory: URL) throws -> any TrainableModel {
        let type = try CheckpointLoading.configuration(in: directory, fix: "use a transformers model folder with a config.json") {
            try $0.string("model_type")
        }
        switch type {
        case "llama": return try TrainableLlama(directory: directory)
        case "gpt2": return try TrainableGPT2(directory: directory)
        case "bert": return try TrainableBERT(directory: directory)
        default:
            throw TrainingError(source: directory.appendingPathComponent("config.json").path,
                                problem: "model_type \"\(type)\" cannot be trained yet",
                                fix: "train one of \(supportedTypes.joined(separator: ", "))")
        }
    }
}
