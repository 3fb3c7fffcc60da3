import Foundation
import LabScript
import Training

/// One training run over a list of examples, shared by `Trainer.train()` and `labrun.finetune`:
/// a seeded data order, `accumulation` micro-batches of `batchSize` examples a step, the
/// counterfactual prompt pairs of a bias penalty in every step, a log entry every `loggingSteps`
/// steps, and a progress line on standard error.
struct TrainingRun {
    let examples: [TrainingExample]
    let batchSize: Int
    let accumulation: Int
    let seed: UInt64
    let loggingSteps: Int
    let padID: Int
    /// The prompt pairs of the pair penalty: rows 2i and 2i + 1 are the two sides of pair i.
    let pairs: TokenBatch?
    /// The masked-LM collator of a masked model (masks drawn from `seed`); nil: causal-LM collation.
    var masking: MaskedLMCollator? = nil

    /// What a run did: the loss of every step, the log entries and how far it got.
    struct Outcome {
        var losses: [Double] = []
        var logHistory: [[(String, Value)]] = []
        var globalStep = 0
        var epoch = 0.0
        var seconds = 0.0
    }

    /// Trains `model` with `settings`; the steps that succeeded are kept in `model` even when a
    /// later one fails.
    /// - Throws: `HostError` (`ValueError`) saying at which step training stopped and why.
    func train(_ model: TrainableModelObject, settings: TrainingSettings, into outcome: inout Outcome) throws {
        try model.checkTrainable()
        let started = Date()
        let (trained, failure) = try steps(model.model, settings: settings, outcome: &outcome)
        outcome.seconds = Date().timeIntervalSince(started)
        model.model = trained
        if outcome.globalStep > 0 { model.weightsChanged() }
        if let failure {
            throw HostError.valueError("training stopped at step \(outcome.globalStep + 1) of \(settings.maxSteps): \(failure); the model keeps the weights after step \(outcome.globalStep)")
        }
    }

    private func steps(_ start: any TrainableModel, settings: TrainingSettings,
                       outcome: inout Outcome) throws -> (any TrainableModel, TrainingError?) {
        // Weight decay skips biases and norm weights, as transformers' Trainer does.
        var loop: TrainingLoop
        do {
            loop = try TrainingLoop(model: start, settings: settings, decays: { name in !name.hasSuffix(".bias") && !name.contains("norm") })
        } catch {
            throw HostError.valueError("\(error)")
        }
        var order = DataOrder(count: examples.count, seed: seed)
        let collation = Collation(padID: padID, masking: masking, seed: seed)
        var drawn = 0
        let progress = TrainingProgress(total: settings.maxSteps)
        defer { progress.finish() }
        let started = Date()
        let stepsPerEpoch = Double(examples.count) / Double(batchSize * accumulation)
        var sinceLog: [Double] = []
        var tokens = 0
        for _ in 0..<settings.maxSteps {
            let record: TrainingStepRecord
            do {
                let batches = try (0..<accumulation).map { _ in
                    drawn += 1
                    return try collation.batch(order.next(batchSize).map { examples[$0] }, index: drawn - 1)
                }
                tokens += batches.reduce(0) { total, batch in total + batch.attentionMask.reduce(0) { $0 + $1.reduce(0, +) } }
                record = try loop.step(accumulating: batches, pairs: pairs)
            } catch let error as TrainingError {
                return (loop.model, error)
            }
            outcome.globalStep = record.step
            outcome.losses.append(record.loss)
            sinceLog.append(record.loss)
            outcome.epoch = Double(record.step) / max(stepsPerEpoch, 1e-9)
            if record.step % loggingSteps == 0 || record.step == settings.maxSteps {
                // transformers logs the rate the scheduler has moved to after the step.
                let nextRate = settings.learningRate * loop.schedule.factor(afterSteps: record.step)
                outcome.logHistory.append([
                    ("loss", Value(sinceLog.reduce(0, +) / Double(sinceLog.count))), ("grad_norm", Value(record.gradNorm)),
                    ("learning_rate", Value(nextRate)), ("epoch", Value(outcome.epoch)), ("step", Value(record.step)),
                ])
                sinceLog.removeAll()
            }
            progress.show(step: record.step, loss: record.loss, learningRate: record.learningRate,
                          tokensPerSecond: Double(tokens) / max(Date().timeIntervalSince(started), 1e-9))
        }
        return (loop.model, nil)
    }

    /// The number of steps for `epochs` passes over `count` examples.
    static func stepCount(epochs: Double, count: Int, perStep: Int) -> Int {
        let perEpoch = Int((Double(count) / Double(perStep)).rounded(.up))
        return max(1, Int((Double(perEpoch) * epochs).rounded(.up)))
    }
}

extension TrainableModelObject {
    /// The padding id: `<|endoftext|>` (SmolLM2, GPT-2), else `[PAD]` (BERT), else 0.
    var padID: Int { tokenizer.id(of: "<|endoftext|>") ?? tokenizer.id(of: "[PAD]") ?? 0 }
}
