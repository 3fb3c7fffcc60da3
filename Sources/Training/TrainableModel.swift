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
    /// The values the optimizer updates.
    var trainableParameters: ParameterSet { get set }
    /// The loss of `batch` and its gradient with respect to `trainableParameters`.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func lossAndGradients(_ batch: TokenBatch) throws -> TrainingGradients
    /// The loss of `batch` without gradients (evaluation).
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func loss(_ batch: TokenBatch) throws -> Double
    /// The linear layers a LoRA adapter may wrap, with PEFT's module names.
    var loraTargets: [LoRATarget] { get }
    /// Attaches a fresh LoRA adapter (B = 0) and freezes the base.
    /// - Throws: `TrainingError` for an unknown target module or a rank ≤ 0.
    mutating func attachLoRA(_ configuration: LoRAConfiguration, seed: UInt64) throws
    /// Attaches the PEFT adapter saved in `directory` and freezes the base.
    /// - Throws: `TrainingError` for a missing file or tensor, or an adapter made for another model.
    mutating func attachLoRA(directory: URL) throws
}
