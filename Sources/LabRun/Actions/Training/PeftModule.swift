import Foundation
import LabScript
import Training

/// LabScript's `peft` module: LoRA adapters as PEFT writes them.
///
///     from peft import LoraConfig, get_peft_model
///     model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"]))
enum PeftModule {
    /// The module; adapters are seeded with the run's `set_seed` seed.
    static func make(models: ModelProvider) -> HostModule {
        let module = HostModule(name: "peft", doc: """
            PEFT's LoRA, as labrun trains it.
              LoraConfig(r=8, lora_alpha=8, target_modules=None, lora_dropout=0.0)
              get_peft_model(model, config)                      a fresh adapter (B = 0); the base is frozen
              PeftModel.from_pretrained(model, name)             an adapter saved with save_pretrained, frozen (for inference)
              PeftModel.from_pretrained(model, name, is_trainable=True)    the same adapter, to train further
            """)
        module.define("LoraConfig", doc: "LoraConfig(r=8, lora_alpha=8, target_modules=None, lora_dropout=0.0, task_type=None)") { arguments in
            .host(try LoraConfigObject(arguments))
        }
        module.define("get_peft_model", doc: "get_peft_model(model, config) -> the model with a LoRA adapter") { arguments in
            try arguments.check(maxPositional: 2, keywords: ["model", "peft_config", "adapter_name"])
            let model = try TrainableModelObject.argument(try arguments.required(0, "model"), function: "get_peft_model")
            guard case .host(let object) = try arguments.required(1, "peft_config"), let config = object as? LoraConfigObject else {
                throw HostError.typeError("get_peft_model() needs a LoraConfig(...) as its second argument")
            }
            guard model.model.adapter == nil else {
                throw HostError.valueError("the model has a LoRA adapter already; load the base again to start a new one")
            }
            let targets = config.targetModules ?? LoraConfigObject.defaultTargets(for: model)
            do {
                try model.model.attachLoRA(LoRAConfiguration(rank: config.rank, alpha: config.alpha, targetModules: targets,
                                                             dropout: config.dropout),
                                           seed: models.seed ?? 0)
            } catch {
                throw HostError.valueError("\(error)")
            }
            model.weightsChanged()
            return .host(model)
        }
        module.set("PeftModel", .host(PeftModelClass(models: models)))
        return module
    }
}

/// `peft.LoraConfig(...)`.
final class LoraConfigObject: HostObject {
    let rank: Int
    let alpha: Double
    let targetModules: [String]?
    let dropout: Double

    init(_ arguments: Arguments) throws {
        try arguments.check(maxPositional: 0, keywords: ["r", "lora_alpha", "target_modules", "lora_dropout", "task_type", "bias",
                                                         "inference_mode", "fan_in_fan_out"])
        rank = try arguments.int("r", default: 8)
        alpha = try arguments.double("lora_alpha", default: 8)
        dropout = try arguments.double("lora_dropout", default: 0)
        if let bias = try arguments.string("bias", default: "none"), bias != "none" {
            throw HostError.valueError("LoraConfig(bias=\"\(bias)\"): labrun trains LoRA without biases; use bias=\"none\"")
        }
        switch arguments.value(nil, "target_modules") {
        case nil, .none?: targetModules = nil
        case let value?:
            if let one = value.asString {
                targetModules = [one]
            } else if let list = value.asArray, let names = Optional(list.compactMap(\.asString)), names.count == list.count, !names.isEmpty {
                targetModules = names
            } else {
                throw HostError.typeError("LoraConfig(target_modules=...) must be a list of module names such as [\"q_proj\", \"v_proj\"]")
            }
        }
        guard rank >= 1 else { throw HostError.valueError("LoraConfig(r=\(rank)): the rank must be at least 1") }
        guard alpha > 0 else { throw HostError.valueError("LoraConfig(lora_alpha=\(alpha)) must be positive") }
        guard (0..<1).contains(dropout) else { throw HostError.valueError("LoraConfig(lora_dropout=\(dropout)) must be in [0, 1)") }
    }

    /// PEFT's default targets when none are named: q_proj and v_proj for Llama, c_attn for GPT-2,
    /// query and value for BERT.
    static func defaultTargets(for model: TrainableModelObject) -> [String] {
        let names = Set(model.model.loraTargets.map(\.module))
        if names.contains("q_proj") { return ["q_proj", "v_proj"] }
        if names.contains("c_attn") { return ["c_attn"] }
        return ["query", "value"]
    }

    var typeName: String { "LoraConfig" }
    var reprText: String {
        "LoraConfig(r=\(rank), lora_alpha=\(alpha), target_modules=\(targetModules.map { "\($0)" } ?? "None"), lora_dropout=\(dropout))"
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "r": return Value(rank)
        case "lora_alpha": return Value(alpha)
        case "target_modules": return targetModules.map { Value($0) } ?? Value.none
        case "lora_dropout": return Value(dropout)
        default: return nil
        }
    }
}

/// `peft.PeftModel`: only `from_pretrained(model, name, is_trainable=False)`. As in peft, the
/// adapter is loaded frozen by default (it computes; training it is refused), and trainable with
/// `is_trainable=True`.
final class PeftModelClass: HostObject {
    let models: ModelProvider

    init(models: ModelProvider) {
        self.models = models
    }

    var typeName: String { "type" }
    var reprText: String { "<class 'peft.PeftModel'>" }
    var helpText: String {
        "PeftModel.from_pretrained(model, name, is_trainable=False): the adapter saved in labrun-work/models/name (or a folder); frozen unless is_trainable=True"
    }

    func attribute(_ name: String) throws -> Value? {
        guard name == "from_pretrained" else { return nil }
        return .builtin(BuiltinFunction(name: "from_pretrained", doc: helpText) { [models] arguments in
            try arguments.check(maxPositional: 2, keywords: ["model", "model_id", "is_trainable", "adapter_name"])
            let model = try TrainableModelObject.argument(try arguments.required(0, "model"), function: "PeftModel.from_pretrained")
            let name = try arguments.string(1, "model_id")
            let trainable = try arguments.bool("is_trainable", default: false)
            guard model.model.adapter == nil else {
                throw HostError.valueError("PeftModel.from_pretrained(): the model has a LoRA adapter already; load the base again with from_pretrained(...) and put the adapter on it")
            }
            let folder = FileManager.default.fileExists(atPath: URL(fileURLWithPath: name).appendingPathComponent("adapter_config.json").path)
                ? URL(fileURLWithPath: name) : try TrainingOutput.folder(name, workspace: models.workspace)
            do {
                try model.model.attachLoRA(directory: folder)
            } catch {
                throw HostError(kind: "OSError", message: "\(error)")
            }
            model.adapterIsFrozen = !trainable
            model.weightsChanged()
            return .host(model)
        })
    }
}

extension TrainableModelObject {
    /// `value` as a model opened for training.
    /// - Throws: `HostError` (`TypeError`) for anything else.
    static func argument(_ value: Value, function: String) throws -> TrainableModelObject {
        guard case .host(let object) = value, let model = object as? TrainableModelObject else {
            throw HostError.typeError("\(function)() needs a model from AutoModelForCausalLM.from_pretrained(...) or AutoModelForMaskedLM.from_pretrained(...), not \(value.typeName)")
        }
        return model
    }
}
