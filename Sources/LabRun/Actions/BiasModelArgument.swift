import Bias
import Foundation
import Inference
import LabScript

/// The `model` argument of a `labrun` action: a model id (resolved through the hub, with `--model`
/// substitution) or a pipeline object from `transformers.pipeline`, turned into the Bias target's
/// `BiasModel` for the kind of model the action needs.
struct BiasModelArgument {
    let models: ModelProvider

    /// The model `value` names, loaded for `task` (nil: chosen from the model itself). `action` is
    /// the `labrun.` function's name, recorded as the model's use and used in error messages.
    /// - Throws: `TypeError` for a value that is neither a str nor a pipeline, `OSError` when the
    ///   model cannot be found or loaded, `ValueError` when it cannot do what the action needs.
    func model(_ value: Value, action: String, task: BiasModel.Task?) throws -> BiasModel {
        let engineModel: any Sendable
        var chosenTask = task
        if let id = value.asString {
            let directory = try models.resolve(id, task: "labrun.\(action)").directory
            do {
                if task == nil {
                    return try BiasModel.load(directory: directory, task: nil)
                }
                engineModel = try ModelCache.shared.model(at: directory)
            } catch let error as BiasError {
                throw HostError.valueError("\(action)(): \(models.effectiveID(for: id)): \(error.description)")
            } catch {
                throw HostError(kind: "OSError", message: "\(error)")
            }
        } else if case .host(let object) = value, let pipeline = object as? PipelineAction {
            engineModel = try pipeline.model()
            if chosenTask == nil {
                switch pipeline.task {
                case .fillMask: chosenTask = .fillMask
                case .textGeneration: chosenTask = .textGeneration
                case .featureExtraction: chosenTask = .featureExtraction
                case .sentenceScoring: chosenTask = nil
                }
            }
        } else {
            throw HostError.typeError("\(action)() argument 'model' must be a model id (str) or a pipeline object, not \(value.typeName)")
        }
        do {
            return try BiasModel(engineModel: engineModel, task: chosenTask)
        } catch let error as BiasError {
            throw HostError.valueError("\(action)(): \(error.description)")
        } catch {
            throw HostError.runtimeError("\(error)")
        }
    }
}
