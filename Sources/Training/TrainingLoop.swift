/// The settings of a `TrainingLoop`, named after transformers' `TrainingArguments`.
public struct TrainingSettings: Sendable {
    /// The number of optimizer steps.
    public var maxSteps: Int
    /// The constant learning rate.
    public var learningRate: Double
    /// AdamW's decoupled weight decay.
    public var weightDecay: Double
    /// The global norm gradients are clipped to; nil or ≤ 0 turns clipping off.
    public var maxGradNorm: Double?
    /// AdamW's betas.
    public var betas: (Double, Double)
    /// AdamW's epsilon.
    public var epsilon: Double
    /// `lr_scheduler_type`: constant, constant_with_warmup, linear or cosine.
    public var scheduleName: String
    /// `warmup_steps`.
    public var warmupSteps: Int
    /// `seed`: the LoRA dropout masks of step `s` are drawn from `seed + s`.
    public var seed: UInt64
    /// The token penalty added to every batch's loss, if any.
    public var tokenPenalty: TrainingObjective.TokenPenalty?
    /// The divergence penalty over the counterfactual pairs given to each step, if any.
    public var pairPenalty: TrainingObjective.PairPenalty?

    /// Settings with transformers' defaults for the unnamed ones (betas 0.9, 0.999, eps 1e-8,
    /// max_grad_norm 1) except the schedule, constant here (transformers defaults to linear).
    public init(maxSteps: Int, learningRate: Double, weightDecay: Double = 0, maxGradNorm: Double? = 1,
                betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8,
                scheduleName: String = "constant", warmupSteps: Int = 0,
                tokenPenalty: TrainingObjective.TokenPenalty? = nil, pairPenalty: TrainingObjective.PairPenalty? = nil,
                seed: UInt64 = 42) {
        self.seed = seed
        self.tokenPenalty = tokenPenalty
        self.pairPenalty = pairPenalty
        self.scheduleName = scheduleName
        self.warmupSteps = warmupSteps
        self.maxSteps = maxSteps
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.betas = betas
        self.epsilon = epsilon
    }
}

/// What one step of a `TrainingLoop` logged.
public struct TrainingStepRecord: Sendable, Equatable {
    /// 1-based step number.
    public let step: Int
    /// The loss before the update.
    public let loss: Double
    /// The gradient norm before clipping.
    public let gradNorm: Double
    /// The learning rate the step used (transformers' Trainer logs the rate of the step after).
    public let learningRate: Double
}

/// The plain training loop the Trainer runs for one batch per step: loss and gradients, clipping by
/// global norm, an AdamW update of the trainable parameters.
public struct TrainingLoop {
    /// The model being trained (its trainable parameters change with every step). Any
    /// architecture: the loop calls it once a step, so the existential costs nothing measurable.
    public var model: any TrainableModel
    /// The optimizer and its moments.
    public var optimizer: AdamW
    /// The learning-rate schedule over `settings.maxSteps` steps.
    public let schedule: LearningRateSchedule
    /// The settings.
    public let settings: TrainingSettings

    /// A loop over `model` with `settings`; `decays` chooses the parameters weight decay applies to.
    /// - Throws: `TrainingError` for `maxSteps` < 1, a learning rate ≤ 0 or an unknown schedule.
    public init(model: any TrainableModel, settings: TrainingSettings, decays: @escaping @Sendable (String) -> Bool = { _ in true }) throws {
        guard settings.maxSteps >= 1 else {
            throw TrainingError(source: "training settings", problem: "max_steps is \(settings.maxSteps)", fix: "train for at least one step")
        }
        self.model = model
        self.settings = settings
        schedule = try LearningRateSchedule(name: settings.scheduleName, warmupSteps: settings.warmupSteps, totalSteps: settings.maxSteps)
        optimizer = try AdamW(learningRate: settings.learningRate, betas: settings.betas, epsilon: settings.epsilon,
                              weightDecay: settings.weightDecay, decays: decays)
    }

    /// Takes one step on `batch` and returns what it logged.
    /// - Throws: `TrainingError` for a bad batch, or a loss or gradient norm that is not finite
    ///   (the parameters are left as they were before the step).
    public mutating func step(_ batch: TokenBatch) throws -> TrainingStepRecord {
        try step(accumulating: [batch])
    }

    /// Takes one step over the micro-batches `batches` (gradient accumulation): each one's summed
    /// loss is divided by the counted tokens of all of them, as transformers' Trainer does with
    /// `num_items_in_batch`, so the step follows the mean over every counted token. The settings'
    /// token penalty is added to each micro-batch; their pair penalty over `pairs` (rows 2i and
    /// 2i+1 the two prompts of pair i) is added once.
    /// - Throws: `TrainingError` for no batches, no counted token, a bad batch, pairs without a
    ///   pair penalty in the settings, or a loss or gradient norm that is not finite (the
    ///   parameters are left as they were).
    public mutating func step(accumulating batches: [TokenBatch], pairs: TokenBatch? = nil) throws -> TrainingStepRecord {
        let number = optimizer.step + 1
        let total = batches.reduce(0) { $0 + model.countedTokens(in: $1) }
        guard total > 0, !batches.isEmpty else {
            throw TrainingError(source: "training step \(number)", problem: "the step's batches have no label to predict",
                                fix: "give batches whose labels are not all -100")
        }
        let objective = TrainingObjective(divisor: total, tokenPenalty: settings.tokenPenalty)
        var extra: [(TokenBatch, TrainingObjective)] = batches.dropFirst().map { ($0, objective) }
        if let pairs {
            guard let penalty = settings.pairPenalty else {
                throw TrainingError(source: "training step \(number)", problem: "counterfactual pairs were given but no pair penalty",
                                    fix: "set TrainingSettings.pairPenalty (divergence and weight)")
            }
            extra.append((pairs, .pairs(penalty)))
        }
        // Training mode for the gradients (dropout on), evaluation mode again afterwards.
        model.trainingSeed = settings.seed &+ UInt64(number)
        defer { model.trainingSeed = nil }
        var result = try model.lossAndGradients(batches[0], objective: objective)
        for (batch, objective) in extra {
            let more = try model.lossAndGradients(batch, objective: objective)
            for i in result.gradients.values.indices { result.gradients.values[i] += more.gradients.values[i] }
            result = TrainingGradients(loss: result.loss + more.loss, countedTokens: result.countedTokens + more.countedTokens,
                                       gradients: result.gradients)
        }
        guard result.loss.isFinite else {
            throw TrainingError(source: "training step \(number)", problem: "the loss is \(result.loss)",
                                fix: "lower the learning rate; the parameters are those after step \(number - 1)")
        }
        let norm: Double
        if let maximum = settings.maxGradNorm, maximum > 0 {
            norm = GradientClipping.clip(&result.gradients, maximumNorm: maximum)
        } else {
            norm = result.gradients.globalNorm
        }
        guard norm.isFinite else {
            throw TrainingError(source: "training step \(number)", problem: "the gradient norm is \(norm)",
                                fix: "lower the learning rate or clip the gradients; the parameters are those after step \(number - 1)")
        }
        optimizer.learningRate = settings.learningRate * schedule.factor(afterSteps: number - 1)
        try model.updateTrainableParameters { parameters in
            try optimizer.update(&parameters, gradients: result.gradients)
        }
        return TrainingStepRecord(step: number, loss: result.loss, gradNorm: norm, learningRate: optimizer.learningRate)
    }

    /// Runs `settings.maxSteps` steps over `batch` (the fixtures' full-batch run).
    /// - Throws: as `step`.
    public mutating func run(on batch: TokenBatch) throws -> [TrainingStepRecord] {
        try (0..<settings.maxSteps).map { _ in try step(batch) }
    }
}
