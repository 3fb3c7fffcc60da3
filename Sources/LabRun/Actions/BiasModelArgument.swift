import Bias
import BiasEngine
import Foundation
import Inference
import LabScript

/// The `model` argument of a `labrun` action: a model id (resolved through the hub, with `--model`
/// substitution) or a pipeline object from `transformers.pipeline`, turned into the Bias target's
/// `BiasModel` for the kind of model the action needs.
struct BiasModelArgument {
    let models: ModelProvider

    /// The model `value` names, loaded for `task` (nil: chosen from the model itself, or from the
    /// pipeline's task). `action` is the `labrun.` function's name, recorded as the model's use
    /// and used in error messages.
    /// - Throws: `TypeError` for a value that is neither a str nor a pipeline, `OSError` when the
    ///   model cannot be found or loaded, `ValueError` when it cannot do what the action needs.
    func model(_ value: Value, action: String, task: ModelTask?) throws -> BiasModel {
        let model: LoadedModel
        var chosenTask = task
        if let id = value.asString {
            model = try models.model(id, task: "labrun.\(action)")
            do {
                return try BiasModel(model, task: task)
            } catch let error as BiasError {
                throw HostError.valueError("\(action)(): \(models.effectiveID(for: id)): \(error.description)")
            }
        } else if case .host(let object) = value, let pipeline = object as? PipelineAction {
            model = try pipeline.model()
            chosenTask = task ?? pipeline.task
        } else if case .host(let object) = value, let trained = object as? TrainableModelObject {
            model = try models.model(try trained.registeredID(), task: "labrun.\(action)")
        } else {
            throw HostError.typeError("\(action)() argument 'model' must be a model id (str), a pipeline or a model from AutoModelForCausalLM or AutoModelForMaskedLM, not \(value.typeName)")
        }
        do {
            return try BiasModel(model, task: chosenTask)
        } catch let error as BiasError {
            throw HostError.valueError("\(action)(): \(error.description)")
        }
    }
}
