import Foundation
import Inference
import LabScript
import Training

/// A model opened for training, as `AutoModelForCausalLM.from_pretrained(id)` (Llama, GPT-2) or
/// `AutoModelForMaskedLM.from_pretrained(id)` (BERT) returns it: the float32 parameters (a
/// quantized GGUF base dequantized once), the tokenizer, and the LoRA adapter `get_peft_model`
/// attaches. Passed as `model=` to `pipeline(...)` or to a `labrun.` metric it is a model like any
/// other, computing with its current weights.
final class TrainableModelObject: HostObject {
    /// The two kinds of language model, as transformers' auto classes name them.
    enum Head: String {
        case causal = "AutoModelForCausalLM"
        case masked = "AutoModelForMaskedLM"
    }

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
    /// Whether the adapter was loaded frozen (`PeftModel.from_pretrained(..., is_trainable=False)`,
    /// peft's default): it computes, but training it is refused.
    var adapterIsFrozen = false
    /// The training run that last changed the weights, for the provenance.
    var lastTraining: Provenance.Training?
    /// The SHA-256 of the base's weight file, computed when the provenance asks for it.
    let baseDigest: @Sendable () -> String?
    /// Whether the parameters were dequantized from a quantized file (a GGUF): the base's own
    /// inference model would then compute with quantized kernels, so even the untrained model runs
    /// from these float32 weights, and a before/after comparison compares like with like.
    let dequantized: Bool
    private var registeredVersion: Int?
    private let models: ModelProvider
    private let output: (String) -> Void

    init(model: any TrainableModel, baseID: String, tokenizer: any Tokenizer, directory: URL, baseDigest: @escaping @Sendable () -> String?,
         dequantized: Bool = false, models: ModelProvider, output: @escaping (String) -> Void) {
        self.model = model
        self.dequantized = dequantized
        self.baseID = baseID
        self.tokenizer = tokenizer
        self.directory = directory
        self.baseDigest = baseDigest
        self.models = models
        self.output = output
    }

    /// Opens `requested` (an id or a folder) for training as `head` asks: a GGUF Llama is
    /// dequantized to float32; a transformers folder is read by its config.json's `model_type`.
    /// - Throws: `HostError` (`OSError`) when the model is missing or cannot be trained;
    ///   (`ValueError`) when it is the other kind of language model, naming the auto class to use.
    static func load(_ requested: String, as head: Head, models: ModelProvider, output: @escaping (String) -> Void) throws -> TrainableModelObject {
        let location = try models.resolve(requested)
        let id = models.effectiveID(for: requested)
        let modelType = location.gguf != nil ? "llama"
            : (try? ConfigFile(contentsOf: location.directory.appendingPathComponent("config.json")).string("model_type"))
        if let modelType, (modelType == "bert") != (head == .masked) {
            let (kind, other) = head == .masked ? ("a causal language model", Head.causal) : ("a masked language model", Head.masked)
            throw HostError.valueError("\(head.rawValue).from_pretrained(\"\(requested)\"): \(id) is \(kind) (model_type \"\(modelType)\"); open it with \(other.rawValue).from_pretrained(...)")
        }
        let tokenizer = try models.tokenizer(requested)
        let model: any TrainableModel
        do {
            if let gguf = location.gguf {
                model = try TrainableLlama(gguf: GGUFFile(path: gguf.path))
            } else {
                model = try TrainableModels.load(directory: location.directory)
            }
        } catch {
            throw HostError(kind: "OSError", message: "cannot open \(id) for training: \(error)")
        }
        return TrainableModelObject(model: model, baseID: id, tokenizer: tokenizer, directory: location.directory,
                                    baseDigest: models.weightsDigest(of: location), dequantized: location.gguf != nil,
                                    models: models, output: output)
    }

    /// Records that the weights changed (a training step, an adapter attached or loaded).
    func weightsChanged() {
        version += 1
    }

    /// Whether this is a masked language model (BERT), trained with masked-LM collation.
    var isMaskedLM: Bool { model is TrainableBERT }

    /// The pipeline tasks the model runs: a causal LM generates, fills masks and scores; a masked
    /// LM fills masks, scores and gives embeddings.
    var tasks: [ModelTask] { isMaskedLM ? [.fillMask, .featureExtraction, .sentenceScoring] : [.fillMask, .textGeneration, .sentenceScoring] }

    /// Refuses to train a frozen adapter, as peft's optimizer would find nothing to train.
    /// - Throws: `HostError` (`ValueError`) saying to load the adapter with `is_trainable=True`.
    func checkTrainable() throws {
        guard adapterIsFrozen else { return }
        throw HostError.valueError("this model cannot be trained: PeftModel.from_pretrained(model, name) loaded its LoRA adapter frozen, for inference (peft's default is_trainable=False); load it with PeftModel.from_pretrained(model, name, is_trainable=True) to train it")
    }

    /// The id pipelines and metrics know this model by while its weights are these.
    var id: String {
        let adapter = model.adapter == nil ? "" : "+lora"
        guard version > 0 else { return dequantized ? "\(baseID)@float32" : baseID }
        return "\(baseID)\(adapter)@trained-\(version)"
    }

    /// The id under which the run's model provider knows what this model computes now: the base's
    /// id while the weights are the base's own float32 ones; after a change (or from a dequantized
    /// base), `id`, with an inference model built
    /// from the current weights (a LoRA adapter merged into a copy, the base untouched) and
    /// registered with its provenance, once per change. `models.model(id, task:)` then loads it
    /// and records its use.
    /// - Throws: `HostError` (`ValueError`) when the inference model cannot be built.
    func registeredID() throws -> String {
        guard version > 0 || dequantized else { return baseID }
        if registeredVersion == version { return id }
        let numericPath = version == 0 ? "float32 (dequantized)" : "float32 (trained)"
        let loaded: LoadedModel
        do {
            switch model {
            case let llama as TrainableLlama:
                loaded = LoadedModel(id: id, directory: directory, architecture: "llama", tokenizer: tokenizer, weightsFile: nil,
                                     numericPath: numericPath, causal: try llama.inferenceModel(tokenizer: tokenizer, name: id))
            case let gpt2 as TrainableGPT2:
                loaded = LoadedModel(id: id, directory: directory, architecture: "gpt2", tokenizer: tokenizer, weightsFile: nil,
                                     numericPath: numericPath, causal: try gpt2.inferenceModel(tokenizer: tokenizer, name: id))
            case let bert as TrainableBERT:
                let engine = try bert.inferenceModel(tokenizer: tokenizer, name: id)
                loaded = LoadedModel(id: id, directory: directory, architecture: "bert", tokenizer: tokenizer, weightsFile: nil,
                                     numericPath: numericPath, masked: engine, encoder: engine)
            default:
                throw HostError.valueError("a trained \(typeName) cannot run in a pipeline; train Llama, GPT-2 or BERT")
            }
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError.valueError("\(error)")
        }
        // The untrained weights are the base's, which its own digest names.
        let digest = version == 0 ? nil : model.trainableParameters.sha256
        models.register(trained: loaded, origin: TrainedOrigin(baseDigest: baseDigest, adapterSHA256: model.adapter == nil ? nil : digest,
                                                               weightsSHA256: model.adapter == nil ? digest : nil, training: lastTraining))
        registeredVersion = version
        return id
    }

    /// The number of trainable parameters and of all parameters (a frozen adapter trains nothing).
    var parameterCounts: (trainable: Int, all: Int) {
        let all = model.parameters.values.count + (model.adapter.map { _ in model.trainableParameters.values.count } ?? 0)
        return (adapterIsFrozen ? 0 : model.trainableParameters.values.count, all)
    }

    var typeName: String {
        switch model {
        case is TrainableLlama: return model.adapter == nil ? "LlamaForCausalLM" : "PeftModelForCausalLM"
        case is TrainableGPT2: return model.adapter == nil ? "GPT2LMHeadModel" : "PeftModelForCausalLM"
        case is TrainableBERT: return model.adapter == nil ? "BertForMaskedLM" : "PeftModel"
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
          pipeline("\(isMaskedLM ? "fill-mask" : "text-generation")", model=model)   runs the current weights
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
