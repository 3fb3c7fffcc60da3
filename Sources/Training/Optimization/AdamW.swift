import Foundation

/// AdamW with `torch.optim.AdamW`'s update (its single-tensor CPU path), step `t` counted from 1:
///
///     p ← p · (1 − lr · weightDecay)                      (decoupled weight decay)
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
///     p ← p − (lr / (1 − β₁ᵗ)) · m / (sqrt(v) / sqrt(1 − β₂ᵗ) + ε)
///
/// `eps` is added outside the square root of the bias-corrected second moment, as PyTorch does.
public struct AdamW: Sendable {
    /// The learning rate of the next step (a schedule may change it between steps).
    public var learningRate: Double
    /// `β₁`, `β₂`.
    public let betas: (Double, Double)
    /// Added to the denominator.
    public let epsilon: Double
    /// The decoupled weight decay factor.
    public let weightDecay: Double
    /// Which parameters decay (by name); every one unless told otherwise. transformers' `Trainer`
    /// exempts biases and normalisation weights: `AdamW.trainerDecayRule`.
    public let decays: @Sendable (String) -> Bool
    /// The number of steps taken.
    public private(set) var step = 0
    private var firstMoment: [Float] = []
    private var secondMoment: [Float] = []

    /// What resuming an optimizer needs: the step count and both moments (empty before the first step).
    public struct State: Sendable, Equatable {
        /// The number of steps taken.
        public var step: Int
        /// `m`, one value a trainable parameter.
        public var firstMoment: [Float]
        /// `v`, one value a trainable parameter.
        public var secondMoment: [Float]

        /// The state after `step` steps with moments `firstMoment` and `secondMoment`.
        public init(step: Int, firstMoment: [Float], secondMoment: [Float]) {
            self.step = step
            self.firstMoment = firstMoment
            self.secondMoment = secondMoment
        }
    }

    /// The step count and the moments, for a checkpoint.
    public var state: State { State(step: step, firstMoment: firstMoment, secondMoment: secondMoment) }

    /// Continues from `state` (saved from an optimizer over parameters of the same size).
    /// - Throws: `TrainingError` when the two moments differ in size or the step count is negative.
    public mutating func restore(_ state: State) throws {
        guard state.step >= 0, state.firstMoment.count == state.secondMoment.count else {
            throw TrainingError(source: "AdamW", problem: "the saved state has step \(state.step) and moments of \(state.firstMoment.count) and \(state.secondMoment.count) values",
                                fix: "resume from a checkpoint this version of labrun wrote")
        }
        step = state.step
        firstMoment = state.firstMoment
        secondMoment = state.secondMoment
    }

    /// The rule of transformers' `Trainer`: no decay for biases and LayerNorm/RMSNorm weights.
    public static let trainerDecayRule: @Sendable (String) -> Bool = { name in
        !(name.hasSuffix(".bias") || name.lowercased().contains("norm"))
    }

    /// An optimizer with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, weight decay 0.01).
    /// - Throws: `TrainingError` for a learning rate ≤ 0, betas outside [0, 1), a negative epsilon or decay.
    public init(learningRate: Double, betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8,
                weightDecay: Double = 0.01, decays: @escaping @Sendable (String) -> Bool = { _ in true }) throws {
        let source = "AdamW"
        guard learningRate > 0, learningRate.isFinite else {
            throw TrainingError(source: source, problem: "learning rate \(learningRate) is not positive", fix: "use a learning rate above 0, such as 5e-5 (full) or 1e-4 (LoRA)")
        }
        guard (0..<1).contains(betas.0), (0..<1).contains(betas.1) else {
            throw TrainingError(source: source, problem: "betas \(betas) are outside [0, 1)", fix: "use betas such as (0.9, 0.999)")
        }
        guard epsilon >= 0, weightDecay >= 0 else {
            throw TrainingError(source: source, problem: "epsilon \(epsilon) or weight decay \(weightDecay) is negative", fix: "use non-negative values")
        }
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decays = decays
    }

    /// Takes one step on `parameters` along `gradients` (same layout).
    /// - Throws: `TrainingError` when the layouts differ from each other or from earlier steps'.
    public mutating func update(_ parameters: inout ParameterSet, gradients: ParameterSet) throws {
        guard parameters.layout == gradients.layout else {
            throw TrainingError(source: "AdamW", problem: "the gradients are not laid out like the parameters",
                                fix: "pass the gradients computed for these parameters")
        }
        if firstMoment.isEmpty {
            firstMoment = [Float](repeating: 0, count: parameters.values.count)
            secondMoment = firstMoment
        }
        guard firstMoment.count == parameters.values.count else {
            throw TrainingError(source: "AdamW", problem: "the parameters changed size since the last step",
                                fix: "use one optimizer per set of trainable parameters")
        }
        step += 1
        let t = Double(step)
        // 1 − β is taken in double and then rounded, as PyTorch passes it to its float32 kernels:
        // 1 − Float(0.999) would be 1.3e-5 off and move every parameter that much further.
        let beta1 = Float(betas.0), beta2 = Float(betas.1)
        let oneMinusBeta1 = Float(1 - betas.0), oneMinusBeta2 = Float(1 - betas.1)
        let stepSize = Float(learningRate / (1 - pow(betas.0, t)))
        let correction2 = Float((1 - pow(betas.1, t)).squareRoot())
        let eps = Float(epsilon)
        let decay = Float(1 - learningRate * weightDecay)
        let slots = parameters.layout.slots
        let decayed = slots.map { weightDecay != 0 && decays($0.name) }
        parameters.values.withUnsafeMutableBufferPointer { pBuffer in
            gradients.values.withUnsafeBufferPointer { gBuffer in
                firstMoment.withUnsafeMutableBufferPointer { mBuffer in
                    secondMoment.withUnsafeMutableBufferPointer { vBuffer in
                        guard let p = pBuffer.baseAddress, let g = gBuffer.baseAddress,
                              let m = mBuffer.baseAddress, let v = vBuffer.baseAddress else { return }
                        for (slot, decayed) in zip(slots, decayed) {
                            Parallel.forEachChunk(count: slot.count) { _, chunk in
                                for i in slot.offset + chunk.lowerBound ..< slot.offset + chunk.upperBound {
                                    if decayed { p[i] *= decay }
                                    let gradient = g[i]
                                    m[i] = beta1 * m[i] + oneMinusBeta1 * gradient
                                    v[i] = beta2 * v[i] + oneMinusBeta2 * gradient * gradient
                                    p[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + eps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
