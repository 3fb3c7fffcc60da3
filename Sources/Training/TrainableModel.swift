import Foundation

/// The loss of one batch and its gradient with respect to every trainable parameter.
public struct TrainingGradients: Sendable {
    /// The mean cross-entropy over counted tokens.
    public let loss: Double
    /// The number of tokens the mean is over.
    public let countedTokens: Int
    /// The gradient of `loss`, in the layout of the model's `trainableParameters`.
    public var gradients: ParameterSet
}

/// A model that an optimizer can train: it exposes the parameters being trained (the whole model
/// for full fine-tuning, a LoRA adapter's A and B on a frozen base) and computes the loss of a
/// batch with its gradient with respect to exactly those parameters.
public protocol TrainableModel {
    /// Every parameter of the base model, by its Hugging Face name.
    var parameters: ParameterSet { get set }
    /// The LoRA adapter being trained, if any (the base is frozen while there is one).
    var adapter: LoRAAdapter? { get set }
    /// The model folder the model was loaded from (for errors, and the config saving copies).
    var source: String { get }
    /// The seed of this step's dropout masks while training; nil in evaluation (no dropout), as
    /// `model.train()` / `model.eval()`. Only the LoRA dropout is applied so far.
    var trainingSeed: UInt64? { get set }
    /// PEFT's `task_type` for adapters of this model (`CAUSAL_LM`; nil where PEFT has none, as for masked LM).
    static var peftTaskType: String? { get }
    /// The values the optimizer updates.
    var trainableParameters: ParameterSet { get set }
    /// Calls `body` with the trainable parameters in place (no copy of the model's storage, which
    /// assigning `trainableParameters` would make for a moment).
    mutating func updateTrainableParameters(_ body: (inout ParameterSet) throws -> Void) rethrows
    /// The value of `objective` on `batch` (by default the mean cross-entropy over counted tokens)
    /// and its gradient with respect to `trainableParameters`.
    /// - Throws: `TrainingError` for a batch the model cannot take or an objective that does not fit it.
    func lossAndGradients(_ batch: TokenBatch, objective: TrainingObjective) throws -> TrainingGradients
    /// The number of tokens whose label counts in `batch` (after the causal shift for causal models).
    func countedTokens(in batch: TokenBatch) -> Int
    /// The value of `objective` on `batch` without gradients (evaluation).
    /// - Throws: `TrainingError` for a batch the model cannot take or an objective that does not fit it.
    func loss(_ batch: TokenBatch, objective: TrainingObjective) throws -> Double
    /// The linear layers a LoRA adapter may wrap, with PEFT's module names.
    var loraTargets: [LoRATarget] { get }
    /// Attaches a fresh LoRA adapter (B = 0) and freezes the base.
    /// - Throws: `TrainingError` for an unknown target module or a rank ≤ 0.
    mutating func attachLoRA(_ configuration: LoRAConfiguration, seed: UInt64) throws
    /// Attaches the PEFT adapter saved in `directory` and freezes the base.
    /// - Throws: `TrainingError` for a missing file or tensor, or an adapter made for another model.
    mutating func attachLoRA(directory: URL) throws
}

extension TrainableModel {
    /// Attaches a fresh LoRA adapter (B = 0) on this model's targets and freezes the base.
    /// - Throws: `TrainingError` for an unknown target module or a rank ≤ 0.
    public mutating func attachLoRA(_ configuration: LoRAConfiguration, seed: UInt64 = 0) throws {
        adapter = try LoRAAdapter(configuration: configuration, available: loraTargets, seed: seed)
    }

    /// Attaches the PEFT adapter saved in `directory` and freezes the base.
    /// - Throws: `TrainingError` for a missing file or tensor, or an adapter made for another model.
    public mutating func attachLoRA(directory: URL) throws {
        adapter = try LoRAAdapter(directory: directory, available: loraTargets)
    }

    /// The adapter's parameters when one is attached, else every parameter.
    public var trainableParameters: ParameterSet {
        get { adapter?.parameters ?? parameters }
        set {
            if adapter != nil { adapter!.parameters = newValue } else { parameters = newValue }
        }
    }

    /// Calls `body` with the adapter's parameters, or every parameter, in place.
    public mutating func updateTrainableParameters(_ body: (inout ParameterSet) throws -> Void) rethrows {
        if adapter != nil { try body(&adapter!.parameters) } else { try body(&parameters) }
    }

    /// The mean loss of `batch` over its counted tokens and its gradient.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    public func lossAndGradients(_ batch: TokenBatch) throws -> TrainingGradients {
        try lossAndGradients(batch, objective: .crossEntropy)
    }

    /// The mean loss of `batch` over its counted tokens, without gradients.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    public func loss(_ batch: TokenBatch) throws -> Double {
        try loss(batch, objective: .crossEntropy)
    }

    /// The base parameters with the adapter (if any) merged in: what a plain transformers model
    /// needs to compute what base plus adapter compute.
    /// - Throws: `TrainingError` when the adapter does not fit the base.
    public func mergedParameters() throws -> ParameterSet {
        var merged = parameters
        try adapter?.merge(into: &merged)
        return merged
    }

    /// Saves the LoRA adapter in PEFT's format (`adapter_config.json`, `adapter_model.safetensors`).
    /// - Throws: `TrainingError` when no adapter is attached or a file cannot be written.
    public func saveAdapter(to directory: URL) throws {
        guard let adapter else {
            throw TrainingError(source: source, problem: "the model has no LoRA adapter to save",
                                fix: "attach one with attachLoRA, or save the whole model with save(to:)")
        }
        try adapter.save(to: directory, baseModel: source, taskType: Self.peftTaskType)
    }

    /// Saves the model (adapter merged) as a transformers folder: the source folder's `config.json`
    /// and `model.safetensors` with every parameter by its Hugging Face name, each written atomically.
    /// - Throws: `TrainingError` when the source has no config.json to copy or a file cannot be written.
    public func save(to directory: URL) throws {
        let config = URL(fileURLWithPath: source).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: config.path) else {
            throw TrainingError(source: config.path, problem: "cannot be read, and the saved model needs it",
                                fix: "load the model from its folder before saving it")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: directory.appendingPathComponent("config.json"), options: .atomic)
        } catch {
            throw TrainingError(source: directory.path, problem: "cannot be written (\(error.localizedDescription))", fix: "choose a writable folder")
        }
        try SafeTensorsWriter.write(mergedParameters(), to: directory.appendingPathComponent("model.safetensors"))
    }
}
