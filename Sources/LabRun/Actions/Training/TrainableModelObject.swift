import Foundation
import Inference
import LabScript
import Training

/// A model opened for training, as `AutoModelForCausalLM.from_pretrained(id)` returns it: the
/// float32 parameters (a quantized GGUF base dequantized once), the tokenizer, and the LoRA adapter
/// `get_peft_model` attaches. Passed as `model=` to `pipeline(...)` or to a `labrun.` metric it is
/// a model like any other, computing with its current weights.
final class TrainableModelObject: HostObject {
    /// The parameters, and the adapter when there is one.
    var model: any TrainableModel
    /// The id the code asked for.
    let baseID: String
    /// The tokenizer of the base model.
    let tokenizer: any Tokenizer
    /// The folder the base came from.
    let directory: URL
    /// Bumped by every change of the weights, so the inference model is rebuilt only when needed.
    private(set) var version = 0
    /// What `labrun.finetune` logged: one dict a logged step.
    var logHistory: [[(String, Value)]] = []
    private var inference: (version: Int, model: LoadedModel)?
    private let models: ModelProvider
    private let output: (String) -> Void

    init(model: any TrainableModel, baseID: String, tokenizer: any Tokenizer, directory: URL, models: ModelProvider,
         output: @escaping (String) -> Void) {
        self.model = model
        self.baseID = baseID
        self.tokenizer = tokenizer
        self.directory = directory
        self.models = models
        self.output = output
    }

    /// Opens `requested` (an id or a folder) for training: a GGUF Llama is dequantized to float32;
    /// a transformers folder is read by its config.json's `model_type`.
    /// - Throws: `HostError` (`OSError`) when the model is missing or cannot be trained.
    static func load(_ requested: String, models: ModelProvider, output: @escaping (String) -> Void) throws -> TrainableModelObject {
        let location = try models.resolve(requested)
        let tokenizer = try models.tokenizer(requested)
        let model: any TrainableModel
        do {
            if let gguf = location.gguf {
                model = try TrainableLlama(gguf: GGUFFile(path: gguf.path))
            } else {
                model = try TrainableModels.load(directory: location.directory)
            }
        } catch {
            throw HostError(kind: "OSError", message: "cannot open \(models.effectiveID(for: requested)) for training: \(error)")
        }
        return TrainableModelObject(model: model, baseID: models.effectiveID(for: requested), tokenizer: tokenizer,
                                    directory: location.directory, models: models, output: output)
    }

    /// Records that the weights changed (a training step, an adapter attached or loaded).
    func weightsChanged() {
        version += 1
    }

    /// The id pipelines and metrics know this model by while its weights are these.
    var id: String {
        let adapter = model.adapter == nil ? "" : "+lora"
        return version == 0 ? baseID : "\(baseID)\(adapter)@trained-\(version)"
    }

    /// An inference model computing what this model computes now, registered with the run's
    /// model provider under `id`, so pipelines, metrics and provenance see it.
    /// - Throws: `HostError` (`ValueError`) when this architecture cannot be run after training yet.
    func loadedModel() throws -> LoadedModel {
        if let inference, inference.version == version { return inference.model }
        guard version > 0 else {
            let loaded = try models.model(baseID, task: "training")
            inference = (version, loaded)
            return loaded
        }
        let loaded: LoadedModel
        do {
            guard let llama = model as? TrainableLlama else {
                throw HostError.valueError("a trained \(typeName) cannot run in a pipeline yet; only Llama models (SmolLM2) can")
            }
            let engine = try llama.inferenceModel(tokenizer: tokenizer, name: id)
            loaded = LoadedModel(id: id, directory: directory, architecture: "llama", tokenizer: tokenizer, weightsFile: nil,
                                 numericPath: "float32 (trained)", causal: engine)
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError.valueError("\(error)")
        }
        models.register(trained: loaded)
        inference = (version, loaded)
        return loaded
    }

    /// The number of trainable parameters and of all parameters.
    var parameterCounts: (trainable: Int, all: Int) {
        let all = model.parameters.values.count + (model.adapter.map { _ in model.trainableParameters.values.count } ?? 0)
        return (model.trainableParameters.values.count, all)
    }

    var typeName: String {
        switch model {
        case is TrainableLlama: return model.adapter == nil ? "LlamaForCausalLM" : "PeftModelForCausalLM"
        default: return model.adapter == nil ? "PreTrainedModel" : "PeftModel"
        }
    }

    var reprText: String { "<\(typeName) '\(baseID)'\(model.adapter == nil ? "" : " with a LoRA adapter")>" }

    var helpText: String {
        """
        \(typeName) of \(baseID), opened for training (float32).
          Trainer(model=model, args=TrainingArguments(...), train_dataset=texts).train()
          get_peft_model(model, LoraConfig(r=8, target_modules=["q_proj", "v_proj"]))  a LoRA adapter; the base is frozen
          model.print_trainable_parameters()
          pipeline("text-generation", model=model)      runs the current weights
          model.save_pretrained("name")                 into labrun-work/models/name
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "print_trainable_parameters":
            return .builtin(BuiltinFunction(name: name, doc: "trainable parameters, all parameters, and the share") { [self] arguments in
                try arguments.check(maxPositional: 0, keywords: [])
                let counts = parameterCounts
                let share = counts.all > 0 ? 100 * Double(counts.trainable) / Double(counts.all) : 0
                output("trainable params: \(Self.grouped(counts.trainable)) || all params: \(Self.grouped(counts.all)) || trainable%: \(String(format: "%.4f", share))\n")
                return .none
            })
        case "num_parameters":
            return .builtin(BuiltinFunction(name: name, doc: "num_parameters(only_trainable=False)") { [self] arguments in
                try arguments.check(maxPositional: 1, keywords: ["only_trainable"])
                let counts = parameterCounts
                return Value(try arguments.bool("only_trainable", at: 0, default: false) ? counts.trainable : counts.all)
            })
        case "save_pretrained":
            return .builtin(BuiltinFunction(name: name, doc: "save_pretrained(name): the adapter (PEFT files) or the whole model, in labrun-work/models/name") { [self] arguments in
                try arguments.check(maxPositional: 1, keywords: ["save_directory"])
                let folder = try TrainingOutput.folder(try arguments.string(0, "save_directory"), workspace: models.workspace)
                try save(to: folder)
                return Value(folder.path)
            })
        case "name_or_path": return Value(baseID)
        case "log_history": return .list(logHistory.map { .dict($0) })
        default: return nil
        }
    }

    /// Saves the adapter in PEFT's format when there is one, else the whole model as a
    /// transformers folder (config.json and model.safetensors).
    func save(to folder: URL) throws {
        do {
            if model.adapter != nil {
                try model.saveAdapter(to: folder)
            } else if let llama = model as? TrainableLlama {
                try llama.saveCheckpoint(to: folder)
            } else {
                try model.save(to: folder)
            }
        } catch {
            throw HostError(kind: "OSError", message: "\(error)")
        }
    }

    /// `134,515,008`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }
}

/// Where training writes: `output_dir` and `save_pretrained` names are folders under
/// `labrun-work/models/` in the student's workspace, never free paths.
enum TrainingOutput {
    /// The folder for `name`.
    /// - Throws: `HostError` (`ValueError`) for an absolute path, `..`, or an empty name.
    static func folder(_ name: String, workspace: URL) throws -> URL {
        workspace.appendingPathComponent("labrun-work/models", isDirectory: true)
            .appendingPathComponent(try validate(name), isDirectory: true)
    }

    /// `name` as a relative path inside `labrun-work/models/`.
    /// - Throws: `HostError` (`ValueError`) for an absolute path, `..`, or an empty name.
    @discardableResult
    static func validate(_ name: String) throws -> String {
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        guard !name.hasPrefix("/"), !name.hasPrefix("~"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else {
            throw HostError.valueError("'\(name)' is not a folder name inside your workspace; give a plain name like \"cda-lora\" (it goes to labrun-work/models/)")
        }
        return parts.joined(separator: "/")
    }
}
