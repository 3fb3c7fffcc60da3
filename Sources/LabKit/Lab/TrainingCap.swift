/// How far a lab lets one step's training go (front matter `training_cap: {steps: 40, seconds: 120}`):
/// a `Trainer.train()` or `labrun.finetune` asked for more stops at the cap and says so. Either
/// limit may be left out.
public struct TrainingCap: Sendable, Hashable {
    /// The most optimizer steps one training run may take, or nil.
    public let steps: Int?
    /// The most seconds one training run may take (checked after each step), or nil.
    public let seconds: Double?

    /// A cap of `steps` steps and `seconds` seconds (either may be nil).
    public init(steps: Int? = nil, seconds: Double? = nil) {
        self.steps = steps
        self.seconds = seconds
    }
}
