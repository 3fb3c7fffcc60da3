import Foundation

/// The learning-rate schedules of transformers' `get_scheduler`, as a factor of the base rate.
/// Step `s` counts the optimizer steps already taken (0 for the first), so the first step of a
/// warm-up runs at rate 0, as in transformers.
public enum LearningRateSchedule: Sendable, Equatable {
    /// `constant`: 1.
    case constant
    /// `constant_with_warmup`: `s / warmup` during the warm-up, then 1.
    case constantWithWarmup(warmupSteps: Int)
    /// `linear`: warm-up, then down to 0 at `totalSteps`.
    case linear(warmupSteps: Int, totalSteps: Int)
    /// `cosine`: warm-up, then half a cosine down to 0 at `totalSteps`.
    case cosine(warmupSteps: Int, totalSteps: Int)

    /// The names `TrainingArguments.lr_scheduler_type` accepts here.
    public static let names = ["constant", "constant_with_warmup", "linear", "cosine"]

    /// The schedule named as in `TrainingArguments(lr_scheduler_type=…)`.
    /// - Throws: `TrainingError` for an unknown name, a negative warm-up or a warm-up past the last step.
    public init(name: String, warmupSteps: Int, totalSteps: Int) throws {
        let source = "lr_scheduler_type=\"\(name)\""
        guard warmupSteps >= 0 else {
            throw TrainingError(source: source, problem: "warmup_steps is \(warmupSteps)", fix: "use 0 or more warm-up steps")
        }
        switch name {
        case "constant":
            self = .constant
        case "constant_with_warmup":
            self = .constantWithWarmup(warmupSteps: warmupSteps)
        case "linear", "cosine":
            guard totalSteps > 0 else {
                throw TrainingError(source: source, problem: "the schedule needs the number of steps, and it is \(totalSteps)",
                                    fix: "set max_steps (or num_train_epochs) so that training has at least one step")
            }
            self = name == "linear" ? .linear(warmupSteps: warmupSteps, totalSteps: totalSteps)
                                    : .cosine(warmupSteps: warmupSteps, totalSteps: totalSteps)
        default:
            throw TrainingError(source: source, problem: "this learning-rate schedule is not supported",
                                fix: "use one of \(Self.names.joined(separator: ", "))")
        }
    }

    /// The factor applied to the base rate for the optimizer step that follows `step` steps.
    public func factor(afterSteps step: Int) -> Double {
        func warmup(_ steps: Int) -> Double? {
            step < steps ? Double(step) / Double(max(1, steps)) : nil
        }
        switch self {
        case .constant:
            return 1
        case .constantWithWarmup(let steps):
            return warmup(steps) ?? 1
        case .linear(let steps, let total):
            return warmup(steps) ?? max(0, Double(total - step) / Double(max(1, total - steps)))
        case .cosine(let steps, let total):
            if let rising = warmup(steps) { return rising }
            let progress = Double(step - steps) / Double(max(1, total - steps))
            return max(0, 0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
