import Foundation
import Inference

/// The hyper-parameters of a LoRA adapter, named as PEFT's `LoraConfig` names them.
public struct LoRAConfiguration: Sendable, Equatable {
    /// The rank `r` of the update `B · A`.
    public var rank: Int
    /// `lora_alpha`: the update is scaled by `alpha / rank`.
    public var alpha: Double
    /// The module names that receive an adapter (`q_proj`, `v_proj`, ...; `c_attn`; `query`, ...).
    public var targetModules: [String]
    /// `lora_dropout`: the chance that an input value of `A` is zeroed while training (the rest are
    /// scaled by `1 / (1 − dropout)`); off in evaluation.
    public var dropout: Double

    /// A configuration; `alpha` defaults to PEFT's 8.
    public init(rank: Int, alpha: Double = 8, targetModules: [String], dropout: Double = 0) {
        self.rank = rank
        self.alpha = alpha
        self.targetModules = targetModules
        self.dropout = dropout
    }

    /// The factor applied to `x · Aᵀ · Bᵀ`: `alpha / rank` (PEFT without rsLoRA).
    public var scaling: Float { Float(alpha / Double(rank)) }
}

/// One linear layer of a base model that a LoRA adapter can wrap: `y = x · Wᵀ` with `W[outputs, inputs]`.
public struct LoRATarget: Sendable, Equatable {
    /// The module's path in the base model, e.g. `model.layers.0.self_attn.q_proj`.
    public let path: String
    /// The short name PEFT matches against `target_modules`, e.g. `q_proj`.
    public let module: String
    /// Width of `x`.
    public let inputs: Int
    /// Width of `y`.
    public let outputs: Int
    /// Whether the base stores its weight `[inputs, outputs]` (GPT-2's `Conv1D`: PEFT's
    /// `fan_in_fan_out`) rather than `[outputs, inputs]`.
    public let fanInFanOut: Bool

    /// A target from its path, short name and widths.
    public init(path: String, module: String, inputs: Int, outputs: Int, fanInFanOut: Bool = false) {
        self.path = path
        self.module = module
        self.inputs = inputs
        self.outputs = outputs
        self.fanInFanOut = fanInFanOut
    }
}

/// A LoRA adapter on a frozen base model: for every targeted linear layer, `A[rank, inputs]` and
/// `B[outputs, rank]`, so that the layer computes `y = x · Wᵀ + scaling · (x · Aᵀ) · Bᵀ`.
///
/// Its parameters are named as PEFT saves them:
/// `base_model.model.<path>.lora_A.weight` and `.lora_B.weight`.
public struct LoRAAdapter: Sendable, Equatable {
    /// Rank, alpha, targets.
    public let configuration: LoRAConfiguration
    /// The layers the adapter wraps, in parameter order.
    public let targets: [LoRATarget]
    /// Every A and B, by PEFT name.
    public var parameters: ParameterSet

    /// PEFT's name of the A matrix of the module at `path`.
    public static func nameOfA(_ path: String) -> String { "base_model.model.\(path).lora_A.weight" }
    /// PEFT's name of the B matrix of the module at `path`.
    public static func nameOfB(_ path: String) -> String { "base_model.model.\(path).lora_B.weight" }

    /// The layers of `available` whose short name is in `configuration.targetModules`.
    /// - Throws: `TrainingError` for a rank ≤ 0, a dropout outside [0, 1), or a target module the
    ///   model does not have (naming the ones it has).
    static func selectTargets(_ configuration: LoRAConfiguration, from available: [LoRATarget], source: String) throws -> [LoRATarget] {
        guard configuration.rank > 0 else {
            throw TrainingError(source: source, problem: "LoRA rank r is \(configuration.rank)", fix: "use a rank of at least 1 (8 is common)")
        }
        guard configuration.dropout >= 0, configuration.dropout < 1 else {
            throw TrainingError(source: source, problem: "lora_dropout is \(configuration.dropout)", fix: "use a dropout in [0, 1), such as 0.05")
        }
        guard !configuration.targetModules.isEmpty else {
            throw TrainingError(source: source, problem: "target_modules is empty", fix: "name the layers to adapt, e.g. [\"q_proj\", \"v_proj\"]")
        }
        let known = Set(available.map(\.module))
        for module in configuration.targetModules where !known.contains(module) {
            throw TrainingError(source: source, problem: "target module '\(module)' is not a linear layer of this model",
                                fix: "choose among \(available.map(\.module).uniqued().joined(separator: ", "))")
        }
        let wanted = Set(configuration.targetModules)
        return available.filter { wanted.contains($0.module) }
    }

    /// A fresh adapter as PEFT initialises one: A uniform in ±1/sqrt(inputs) (Kaiming-uniform with
    /// a = √5, drawn here from `seed`, so not PyTorch's numbers), B zero: the adapted model starts
    /// equal to its base.
    /// - Throws: `TrainingError` as `selectTargets`.
    public init(configuration: LoRAConfiguration, available: [LoRATarget], seed: UInt64 = 0) throws {
        let targets = try Self.selectTargets(configuration, from: available, source: "LoRA configuration")
        var layout = ParameterLayout()
        for target in targets {
            layout.append(Self.nameOfA(target.path), shape: [configuration.rank, target.inputs])
            layout.append(Self.nameOfB(target.path), shape: [target.outputs, configuration.rank])
        }
        var parameters = ParameterSet(zeros: layout)
        var generator = SplitMix64(seed: seed)
        for target in targets {
            let slot = layout.slot(Self.nameOfA(target.path))!
            let bound = 1 / Float(target.inputs).squareRoot()
            for i in slot.offset ..< slot.offset + slot.count {
                parameters.values[i] = (Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1) * bound
            }
        }
        self.configuration = configuration
        self.targets = targets
        self.parameters = parameters
    }

    /// Reads a PEFT adapter folder: `adapter_config.json` (`r`, `lora_alpha`, `target_modules`,
    /// `lora_dropout`) and `adapter_model.safetensors`, checked against the base model's layers.
    /// - Throws: `TrainingError` naming the file for a missing file or field, an unsupported option
    ///   (DoRA, rsLoRA, biases), a missing tensor or a shape that does not fit the base model.
    public init(directory: URL, available: [LoRATarget]) throws {
        let configURL = directory.appendingPathComponent("adapter_config.json")
        let config: ConfigFile
        do { config = try ConfigFile(contentsOf: configURL) } catch {
            throw TrainingError(source: configURL.path, problem: "cannot be read (\(error))",
                                fix: "point at a folder saved by PEFT's save_pretrained (adapter_config.json and adapter_model.safetensors)")
        }
        func field<T>(_ read: () throws -> T) throws -> T {
            do { return try read() } catch {
                throw TrainingError(source: configURL.path, problem: "\(error)", fix: "save the adapter again with PEFT's save_pretrained")
            }
        }
        let peftType = try field { try config.string("peft_type", default: "LORA") }
        guard peftType == "LORA" else {
            throw TrainingError(source: configURL.path, problem: "peft_type is \(peftType)", fix: "labrun trains LoRA adapters only")
        }
        // fan_in_fan_out only says how the base stores its weight (GPT-2's Conv1D); A and B are
        // [r, in] and [out, r] either way, and each model knows its own base layout.
        for flag in ["use_dora", "use_rslora"] where (config.fields[flag] as? Bool) == true {
            throw TrainingError(source: configURL.path, problem: "\(flag) is true, which labrun does not support", fix: "save the adapter with \(flag)=False")
        }
        if let bias = config.fields["bias"] as? String, bias != "none" {
            throw TrainingError(source: configURL.path, problem: "bias is \"\(bias)\"", fix: "use bias=\"none\"")
        }
        let rank = try field { try config.integer("r") }
        let alpha = try field { try config.number("lora_alpha", default: 8) }
        let dropout = try field { try config.number("lora_dropout", default: 0) }
        let modules: [String]
        if let list = config.fields["target_modules"] as? [String] {
            modules = list
        } else if let single = config.fields["target_modules"] as? String {
            modules = [single]
        } else {
            throw TrainingError(source: configURL.path, problem: "target_modules is missing or not a list of names", fix: "list the adapted modules, e.g. [\"q_proj\", \"v_proj\"]")
        }
        let configuration = LoRAConfiguration(rank: rank, alpha: alpha, targetModules: modules, dropout: dropout)
        let targets = try Self.selectTargets(configuration, from: available, source: configURL.path)
        var adapter = try LoRAAdapter(configuration: configuration, available: targets)
        let weightsURL = directory.appendingPathComponent("adapter_model.safetensors")
        let file = try SafeTensors(contentsOf: weightsURL)
        for target in targets {
            for name in [Self.nameOfA(target.path), Self.nameOfB(target.path)] {
                // PEFT writes the adapter's own name without `.default`; older saves kept it.
                let alternative = name.replacingOccurrences(of: ".weight", with: ".default.weight")
                guard let tensor = file.tensors[name] ?? file.tensors[alternative] else {
                    throw TrainingError(source: weightsURL.path, problem: "tensor '\(name)' is missing",
                                        fix: "the adapter was saved for other target modules or another model; check adapter_config.json")
                }
                try adapter.parameters.set(name, to: tensor, source: weightsURL.path)
            }
        }
        self.configuration = configuration
        self.targets = targets
        self.parameters = adapter.parameters
    }

    /// Adds `scaling · B · A` to the weight of every wrapped layer of `base` (named `<path>.weight`),
    /// so that `base` alone computes what base plus adapter did: the merged model transformers loads.
    /// - Throws: `TrainingError` when `base` lacks a wrapped layer's weight or its shape differs.
    public func merge(into base: inout ParameterSet) throws {
        let r = configuration.rank, scaling = configuration.scaling
        for target in targets {
            let name = target.path + ".weight"
            let expected = target.fanInFanOut ? [target.inputs, target.outputs] : [target.outputs, target.inputs]
            guard let slot = base.layout.slot(name), slot.shape == expected else {
                throw TrainingError(source: "LoRA merge", problem: "the base has no weight '\(name)' of shape \(expected)",
                                    fix: "merge the adapter into the model it was trained on")
            }
            let a = parameters.layout.slot(Self.nameOfA(target.path))!.offset, b = parameters.layout.slot(Self.nameOfB(target.path))!.offset
            for o in 0..<target.outputs {
                for i in 0..<target.inputs {
                    var sum: Float = 0
                    for k in 0..<r { sum += parameters.values[b + o * r + k] * parameters.values[a + k * target.inputs + i] }
                    let index = target.fanInFanOut ? i * target.outputs + o : o * target.inputs + i
                    base.values[slot.offset + index] += scaling * sum
                }
            }
        }
    }

    /// Saves the adapter as PEFT does: `adapter_config.json` and `adapter_model.safetensors` in
    /// `directory` (created if needed), each written atomically, so that
    /// `PeftModel.from_pretrained(base, directory)` loads it. `taskType` is PEFT's (`CAUSAL_LM`, ...).
    /// - Throws: `TrainingError` naming the file that cannot be written.
    public func save(to directory: URL, baseModel: String, taskType: String?) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TrainingError(source: directory.path, problem: "cannot be created (\(error.localizedDescription))",
                                fix: "choose a writable folder")
        }
        let config: [String: Any] = [
            "peft_type": "LORA", "task_type": taskType ?? NSNull(), "base_model_name_or_path": baseModel,
            "r": configuration.rank, "lora_alpha": configuration.alpha, "lora_dropout": configuration.dropout,
            "target_modules": configuration.targetModules, "bias": "none", "fan_in_fan_out": targets.contains { $0.fanInFanOut },
            "inference_mode": true, "init_lora_weights": true, "use_rslora": false, "use_dora": false,
            "modules_to_save": NSNull(), "layers_to_transform": NSNull(), "layers_pattern": NSNull(),
            "rank_pattern": [String: Any](), "alpha_pattern": [String: Any](), "revision": NSNull(),
        ]
        let configURL = directory.appendingPathComponent("adapter_config.json")
        do {
            let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: configURL, options: .atomic)
        } catch {
            throw TrainingError(source: configURL.path, problem: "cannot be written (\(error.localizedDescription))", fix: "choose a writable folder")
        }
        try SafeTensorsWriter.write(parameters, to: directory.appendingPathComponent("adapter_model.safetensors"))
    }

    /// Where the A and B of `path` start in `parameters`, or nil when the adapter does not wrap it.
    func offsets(of path: String) -> (a: Int, b: Int)? {
        guard let a = parameters.layout.slot(Self.nameOfA(path)), let b = parameters.layout.slot(Self.nameOfB(path)) else { return nil }
        return (a.offset, b.offset)
    }
}

/// SplitMix64: a small seeded generator, the same numbers on every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
