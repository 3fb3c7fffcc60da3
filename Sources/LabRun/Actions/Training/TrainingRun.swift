import Foundation
import Inference
import LabKit
import LabScript
import Progress
import Training

/// One training run over a list of examples, shared by `Trainer.train()` and `labrun.finetune`:
/// a seeded data order, `accumulation` micro-batches of `batchSize` examples a step, the
/// counterfactual prompt pairs of a bias penalty in every step, a log entry every `loggingSteps`
/// steps, and a progress line on standard error. It writes checkpoints as `checkpoints` asks (and
/// one when interrupted), resumes from `resume`, stops at the lab's cap, and notes itself in the
/// context for the progress store.
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
    /// Where checkpoints go and how often; nil writes none (not even on Ctrl-C).
    var checkpoints: CheckpointPlan? = nil
    /// The checkpoint to go on from, or nil to start afresh.
    var resume: TrainingCheckpoint? = nil
    /// The lab's cap, the interrupt to obey, and where the run is noted.
    var context = TrainingContext()
    /// The hyperparameters as recorded (trainer_state.json and the progress store).
    var hyperparameters: [String: Any] = [:]

    /// Where a run's checkpoints go: `output` (labrun-work/models/<name>), every `every` steps
    /// (nil: only when interrupted), keeping the newest `keep` (nil: all).
    struct CheckpointPlan {
        let output: URL
        let name: String
        let every: Int?
        let keep: Int?
    }

    /// What a run did: the loss of every step, the log entries and how far it got.
    struct Outcome {
        var losses: [Double] = []
        var logHistory: [[(String, Value)]] = []
        var globalStep = 0
        var epoch = 0.0
        var seconds = 0.0
        var tokens = 0
        /// Whether an interrupt stopped the run.
        var interrupted = false
        /// The checkpoint written when an interrupt stopped the run, or nil.
        var interruptedAt: URL?
        /// The steps the run was asked for, when the lab's cap cut it short.
        var cappedFrom: Int?
    }

    /// Trains `model` with `settings`; the steps that succeeded are kept in `model` even when a
    /// later one fails, and the run is noted in the context whatever its end.
    /// - Throws: `HostError` (`ValueError`) saying at which step training stopped and why;
    ///   `KeyboardInterrupt` after the checkpoint an interrupt asked for.
    func train(_ model: TrainableModelObject, settings: TrainingSettings, into outcome: inout Outcome) throws {
        try model.checkTrainable()
        let catching = context.catchesControlC
        if catching { TrainingInterrupt.catchControlC() }
        defer { if catching { TrainingInterrupt.releaseControlC() } }
        let started = Date()
        let method = model.model.adapter == nil ? "full" : "lora"
        let result: (trained: any TrainableModel, failure: TrainingError?)
        do {
            result = try steps(model, settings: settings, outcome: &outcome)
        } catch {
            // A checkpoint written before the error left its weights in the model.
            if outcome.globalStep > 0 { model.weightsChanged() }
            note(model, method: method, outcome: outcome, seconds: Date().timeIntervalSince(started), end: .failed, failure: "\(error)")
            throw error
        }
        outcome.seconds += Date().timeIntervalSince(started)
        model.model = result.trained
        if outcome.globalStep > 0 { model.weightsChanged() }
        if let failure = result.failure {
            note(model, method: method, outcome: outcome, seconds: outcome.seconds, end: .failed, failure: "\(failure)")
            throw HostError.valueError("training stopped at step \(outcome.globalStep + 1) of \(settings.maxSteps): \(failure); the model keeps the weights after step \(outcome.globalStep)")
        }
        if outcome.interrupted {
            note(model, method: method, outcome: outcome, seconds: outcome.seconds, end: .interrupted, failure: nil)
            var line = "training interrupted after step \(outcome.globalStep) of \(settings.maxSteps)"
            if let checkpoint = outcome.interruptedAt, let plan = checkpoints {
                let name = "\(plan.name)/\(checkpoint.lastPathComponent)"
                line += "; checkpoint saved in labrun-work/models/\(name); resume with resume_from_checkpoint=\"\(name)\" (or True for the latest)"
            }
            ConsoleStream.standardError.write("labrun: \(line)\n")
            throw HostError(kind: "KeyboardInterrupt", message: line)
        }
        note(model, method: method, outcome: outcome, seconds: outcome.seconds, end: .completed, failure: nil)
    }

    /// Notes the run in the context, for the progress store.
    private func note(_ model: TrainableModelObject, method: String, outcome: Outcome, seconds: Double,
                      end: TrainingRunRecord.Outcome, failure: String?) {
        // The same digest as the provenance's adapter (or weights) sha256.
        let digest = model.model.trainableParameters.sha256
        let json = (try? JSONSerialization.data(withJSONObject: hyperparameters, options: [.sortedKeys])).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        context.note(TrainingRunRecord(student: "", lab: "", step: nil, startedAt: Date(timeIntervalSinceNow: -seconds), baseModel: model.baseID, method: method, hyperparameters: json, losses: outcome.losses,
                                        globalStep: outcome.globalStep, seconds: seconds,
                                        tokensPerSecond: Double(outcome.tokens) / max(seconds, 1e-9), weightsDigest: digest,
                                        outcome: end, failure: failure))
    }

    private func steps(_ model: TrainableModelObject, settings: TrainingSettings,
                       outcome: inout Outcome) throws -> (any TrainableModel, TrainingError?) {
        // Weight decay skips biases and norm weights, as transformers' Trainer does.
        var loop: TrainingLoop
        do {
            loop = try TrainingLoop(model: model.model, settings: settings, decays: { name in !name.hasSuffix(".bias") && !name.contains("norm") })
        } catch {
            throw HostError.valueError("\(error)")
        }
        var order = DataOrder(count: examples.count, seed: seed)
        let collation = Collation(padID: padID, masking: masking, seed: seed)
        var drawn = 0
        var sinceLog: [Double] = []
        if let resume {
            let saved = try resume.state()
            do {
                try loop.restore(weights: resume.weightsFile, optimizerIn: resume.folder)
            } catch {
                throw resume.corrupt("\(error)")
            }
            guard loop.optimizer.step == saved.globalStep, let position = DataOrder(count: examples.count, position: saved.order) else {
                throw resume.corrupt("its optimizer and trainer_state.json disagree, or it was made with another dataset")
            }
            order = position
            sinceLog = saved.sinceLog
            outcome.losses = saved.losses
            outcome.logHistory = saved.logHistory
            outcome.globalStep = saved.globalStep
            outcome.epoch = saved.epoch
            outcome.tokens = saved.tokens
            outcome.seconds = saved.seconds
            // Masks of a masked LM are drawn from the batch's index: go on counting.
            drawn = saved.globalStep * accumulation
        }
        var last = settings.maxSteps
        if let capped = context.cap?.steps, capped < last {
            outcome.cappedFrom = settings.maxSteps
            last = capped
        }
        let progress = TrainingProgress(total: last)
        defer { progress.finish() }
        let started = Date()
        let stepsPerEpoch = Double(examples.count) / Double(batchSize * accumulation)
        var tokens = 0
        var saved = loop.optimizer.step
        func checkpoint() throws -> URL? {
            guard let plan = checkpoints else { return nil }
            saved = loop.optimizer.step
            let state = TrainingCheckpoint.State(globalStep: outcome.globalStep, maxSteps: settings.maxSteps, losses: outcome.losses,
                                                 sinceLog: sinceLog, logHistory: outcome.logHistory, epoch: outcome.epoch,
                                                 tokens: outcome.tokens, seconds: outcome.seconds + Date().timeIntervalSince(started),
                                                 order: order.position, hyperparameters: hyperparameters)
            return try TrainingCheckpoint.write(loop: loop, model: model, state: state, output: plan.output, keep: plan.keep)
        }
        while loop.optimizer.step < last {
            let record: TrainingStepRecord
            do {
                let batches = try (0..<accumulation).map { _ in
                    drawn += 1
                    return try collation.batch(order.next(batchSize).map { examples[$0] }, index: drawn - 1)
                }
                let counted = batches.reduce(0) { total, batch in total + batch.attentionMask.reduce(0) { $0 + $1.reduce(0, +) } }
                record = try loop.step(accumulating: batches, pairs: pairs)
                tokens += counted
                outcome.tokens += counted
            } catch let error as TrainingError {
                return (loop.model, error)
            }
            outcome.globalStep = record.step
            outcome.losses.append(record.loss)
            sinceLog.append(record.loss)
            outcome.epoch = Double(record.step) / max(stepsPerEpoch, 1e-9)
            if record.step % loggingSteps == 0 || record.step == last {
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
            if let every = checkpoints?.every, record.step % every == 0 { _ = try checkpoint() }
            if context.interrupt.isRequested {
                outcome.interrupted = true
                if saved == record.step {
                    outcome.interruptedAt = checkpoints.map { TrainingCheckpoint.folder(step: record.step, in: $0.output) }
                } else {
                    outcome.interruptedAt = try checkpoint()
                }
                break
            }
            if let seconds = context.cap?.seconds, Date().timeIntervalSince(started) >= seconds, record.step < last {
                progress.finish()
                ConsoleStream.standardError.write("labrun: training capped by the lab at \(Self.duration(seconds)) after step \(record.step) (asked for \(settings.maxSteps) steps)\n")
                outcome.cappedFrom = settings.maxSteps
                return (loop.model, nil)
            }
        }
        if let asked = outcome.cappedFrom, !outcome.interrupted {
            progress.finish()
            ConsoleStream.standardError.write("labrun: training capped by the lab at \(last) steps (asked for \(asked))\n")
        }
        return (loop.model, nil)
    }

    /// `120 s`, `1.5 s`.
    private static func duration(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
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
