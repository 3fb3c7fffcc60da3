import Foundation
import Inference

/// Reading a model folder's `config.json` and `model.safetensors` into a `ParameterSet`.
enum CheckpointLoading {
    /// Parses `config.json` in `directory` with `parse`, turning its errors into `TrainingError`s
    /// that name the file and the fix `fix`.
    static func configuration<C>(in directory: URL, fix: String, _ parse: (ConfigFile) throws -> C) throws -> C {
        let url = directory.appendingPathComponent("config.json")
        do {
            return try parse(try ConfigFile(contentsOf: url))
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(source: url.path, problem: "\(error)", fix: fix)
        }
    }

    /// Every tensor of `layout` from `directory/model.safetensors`, by name; `alias` gives another
    /// name to try (checkpoints saved without the `transformer.` or `bert.` prefix).
    /// - Throws: `TrainingError` naming the file and the missing or misshapen tensor.
    static func parameters(_ layout: ParameterLayout, in directory: URL, kind: String,
                           alias: (String) -> String? = { _ in nil }) throws -> ParameterSet {
        let url = directory.appendingPathComponent("model.safetensors")
        let file = try SafeTensors(contentsOf: url)
        var parameters = ParameterSet(zeros: layout)
        for slot in layout.slots {
            guard let tensor = file.tensors[slot.name] ?? alias(slot.name).flatMap({ file.tensors[$0] }) else {
                throw TrainingError(source: url.path, problem: "tensor '\(slot.name)' is missing",
                                    fix: "use a complete \(kind) checkpoint saved by transformers (config.json must describe these weights)")
            }
            try parameters.set(slot.name, to: tensor, source: url.path)
        }
        return parameters
    }
}
