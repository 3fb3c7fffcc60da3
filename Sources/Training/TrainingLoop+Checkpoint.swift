import Foundation
import Inference

/// Saving and restoring what a `TrainingLoop` needs to go on exactly where it stopped: the
/// trainable weights (written by the caller in PEFT or transformers format) and the optimizer's
/// step count and moments (`optimizer.safetensors`). The schedule and the dropout masks follow
/// from the step count, so nothing else of the loop is saved.
extension TrainingLoop {
    /// The optimizer file's name in a checkpoint folder.
    public static let optimizerFileName = "optimizer.safetensors"

    /// Writes AdamW's moments (`exp_avg.<name>`, `exp_avg_sq.<name>` for every trainable tensor)
    /// and its step count (metadata `step`) to `directory/optimizer.safetensors`.
    /// - Throws: `TrainingError` naming the file when it cannot be written.
    public func saveOptimizerState(to directory: URL) throws {
        let trainable = model.trainableParameters.layout
        var layout = ParameterLayout()
        for prefix in ["exp_avg", "exp_avg_sq"] {
            for slot in trainable.slots { _ = layout.append("\(prefix).\(slot.name)", shape: slot.shape) }
        }
        var moments = ParameterSet(zeros: layout)
        let state = optimizer.state
        if !state.firstMoment.isEmpty {
            moments.values = state.firstMoment + state.secondMoment
        }
        try SafeTensorsWriter.write(moments, to: directory.appendingPathComponent(Self.optimizerFileName),
                                    metadata: ["format": "pt", "step": String(state.step)])
    }

    /// Restores the trainable weights from the safetensors file `weights` (every trainable tensor
    /// by its name) and the optimizer from `directory/optimizer.safetensors`.
    /// - Throws: `TrainingError` naming the file for a missing or unreadable file, a missing
    ///   tensor or a shape that differs from this model's (a checkpoint of another model or adapter).
    public mutating func restore(weights: URL, optimizerIn directory: URL) throws {
        let saved = try Self.read(weights)
        var parameters = model.trainableParameters
        for slot in parameters.layout.slots {
            guard let tensor = saved.tensors[slot.name] else {
                throw TrainingError(source: weights.path, problem: "tensor '\(slot.name)' is missing",
                                    fix: "resume with the model (and LoRA configuration) the checkpoint was made with")
            }
            try parameters.set(slot.name, to: tensor, source: weights.path)
        }
        let file = directory.appendingPathComponent(Self.optimizerFileName)
        let optimizerFile = try Self.read(file)
        guard let stepText = optimizerFile.metadata["step"], let step = Int(stepText), step >= 0 else {
            throw TrainingError(source: file.path, problem: "has no step count in its metadata",
                                fix: "resume from a checkpoint labrun wrote, or delete this folder")
        }
        var first: [Float] = [], second: [Float] = []
        if step > 0 {
            first.reserveCapacity(parameters.values.count)
            second.reserveCapacity(parameters.values.count)
            for slot in parameters.layout.slots {
                for (prefix, isFirst) in [("exp_avg", true), ("exp_avg_sq", false)] {
                    let name = "\(prefix).\(slot.name)"
                    guard let tensor = optimizerFile.tensors[name], tensor.shape == slot.shape else {
                        throw TrainingError(source: file.path, problem: "moment '\(name)' is missing or has another shape",
                                            fix: "resume with the model (and LoRA configuration) the checkpoint was made with")
                    }
                    if isFirst { first += tensor.scalars } else { second += tensor.scalars }
                }
            }
        }
        try optimizer.restore(AdamW.State(step: step, firstMoment: first, secondMoment: second))
        model.trainableParameters = parameters
    }

    private static func read(_ url: URL) throws -> SafeTensors {
        do {
            return try SafeTensors(contentsOf: url)
        } catch {
            throw TrainingError(source: url.path, problem: "cannot be read (\(error))",
                                fix: "resume from another checkpoint, or delete this one and train again")
        }
    }
}
