import Foundation

/// One training run (`Trainer.train()` or `labrun.finetune`) in a student's step: the base model,
/// LoRA or full fine-tuning, the hyperparameters, every step's loss, how far and how fast it went,
/// the SHA-256 of the trained weights, and how it ended.
public struct TrainingRunRecord: Codable, Sendable, Hashable {
    /// How a training run ended.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Every step asked for (or allowed by the lab's cap) ran.
        case completed
        /// Ctrl-C stopped it after a step (a checkpoint was saved).
        case interrupted
        /// A step failed (a NaN loss, a bad batch) or the run could not start.
        case failed
    }

    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The step number, when the run belongs to one.
    public var step: Int?
    /// When the run started.
    public var startedAt: Date
    /// The base model's id.
    public var baseModel: String
    /// `lora` or `full`.
    public var method: String
    /// The hyperparameters, as a JSON object's text.
    public var hyperparameters: String
    /// The loss of every step, in order (a resumed run includes the checkpoint's steps).
    public var losses: [Double]
    /// The optimizer steps taken in all.
    public var globalStep: Int
    /// Seconds of training.
    public var seconds: Double
    /// Tokens trained on a second.
    public var tokensPerSecond: Double
    /// SHA-256 (hex) of the trainable tensors after the run.
    public var weightsDigest: String
    /// How it ended.
    public var outcome: Outcome
    /// What stopped a failed run (nil otherwise).
    public var failure: String?

    /// A training run record.
    public init(student: String, lab: String, step: Int?, startedAt: Date, baseModel: String, method: String,
                hyperparameters: String, losses: [Double], globalStep: Int, seconds: Double, tokensPerSecond: Double,
                weightsDigest: String, outcome: Outcome, failure: String? = nil) {
        self.student = student
        self.lab = lab
        self.step = step
        self.startedAt = startedAt
        self.baseModel = baseModel
        self.method = method
        self.hyperparameters = hyperparameters
        self.losses = losses
        self.globalStep = globalStep
        self.seconds = seconds
        self.tokensPerSecond = tokensPerSecond
        self.weightsDigest = weightsDigest
        self.outcome = outcome
        self.failure = failure
    }
}

extension TrainingRunRecord: ProgressRecord {
    public static let table = "training_runs"
    public static let recordKind = "training-run"
    public static let columns: [RecordColumn<TrainingRunRecord>] = [
        RecordColumn("step", .integer) { $0.step.map { RecordValue.integer($0) } ?? .null },
        RecordColumn("started_at", .real) { .time($0.startedAt) },
        RecordColumn("base_model", .text) { .text($0.baseModel) },
        RecordColumn("method", .text) { .text($0.method) },
        RecordColumn("hyperparameters", .text) { .text($0.hyperparameters) },
        RecordColumn("losses", .text) { .json($0.losses) },
        RecordColumn("global_step", .integer) { .integer($0.globalStep) },
        RecordColumn("seconds", .real) { .real($0.seconds) },
        RecordColumn("tokens_per_second", .real) { .real($0.tokensPerSecond) },
        RecordColumn("weights_digest", .text) { .text($0.weightsDigest) },
        RecordColumn("outcome", .text) { .text($0.outcome.rawValue) },
        RecordColumn("failure", .text) { .text(orNull: $0.failure) },
    ]

    public var event: NewEvent {
        var detail = ["outcome": outcome.rawValue, "global_step": String(globalStep), "base_model": baseModel]
        if let failure { detail["failure"] = failure }
        return NewEvent(student: student, lab: lab, step: step, kind: .trainingRun, detail: detail, at: startedAt)
    }
}
