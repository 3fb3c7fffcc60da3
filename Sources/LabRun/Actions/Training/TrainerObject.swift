import Foundation
import Inference
import LabScript
import Training

/// `transformers.TrainingArguments(...)`: the settings of a `Trainer`, with transformers' names
/// and defaults (learning rate 5e-5, linear schedule, max_grad_norm 1, batch 8, 3 epochs).
final class TrainingArgumentsObject: HostObject {
    var outputDir: String
    var maxSteps = -1
    var epochs = 3.0
    var learningRate = 5e-5
    var batchSize = 8
    var evalBatchSize = 8
    var accumulation = 1
    var weightDecay = 0.0
    var warmupSteps = 0
    var warmupRatio = 0.0
    var schedule = "linear"
    var maxGradNorm = 1.0
    var loggingSteps = 500
    var seed = 42
    var maxLength: Int?
    /// `save_strategy="steps"` with `save_steps`: a checkpoint every that many steps; nil: none
    /// (Ctrl-C still writes one).
    var saveSteps: Int?
    /// `save_total_limit`: how many checkpoints to keep (the newest); nil keeps all.
    var saveTotalLimit: Int?

    /// The keywords read, and those accepted but without effect here (labrun has no devices, no
    /// mixed precision and no reporting services).
    static let used: Set<String> = [
        "output_dir", "max_steps", "num_train_epochs", "learning_rate", "per_device_train_batch_size",
        "per_device_eval_batch_size", "gradient_accumulation_steps", "weight_decay", "warmup_steps", "warmup_ratio",
        "lr_scheduler_type", "max_grad_norm", "logging_steps", "seed", "max_length", "save_strategy", "save_steps",
        "save_total_limit",
    ]
    static let ignored: Set<String> = [
        "report_to", "fp16", "bf16", "no_cuda", "use_cpu",
        "eval_strategy", "evaluation_strategy", "logging_dir", "overwrite_output_dir", "dataloader_num_workers",
        "remove_unused_columns", "disable_tqdm", "push_to_hub", "optim",
    ]

    init(_ arguments: Arguments) throws {
        try arguments.check(maxPositional: 1, keywords: Self.used.union(Self.ignored))
        outputDir = try arguments.string(0, "output_dir")
        try TrainingOutput.validate(outputDir)
        maxSteps = try arguments.int("max_steps", default: -1)
        epochs = try arguments.double("num_train_epochs", default: 3)
        learningRate = try arguments.double("learning_rate", default: 5e-5)
        batchSize = try arguments.int("per_device_train_batch_size", default: 8)
        evalBatchSize = try arguments.int("per_device_eval_batch_size", default: 8)
        accumulation = try arguments.int("gradient_accumulation_steps", default: 1)
        weightDecay = try arguments.double("weight_decay", default: 0)
        warmupSteps = try arguments.int("warmup_steps", default: 0)
        warmupRatio = try arguments.double("warmup_ratio", default: 0)
        schedule = try arguments.string("lr_scheduler_type", default: "linear") ?? "linear"
        maxGradNorm = try arguments.double("max_grad_norm", default: 1)
        loggingSteps = try arguments.int("logging_steps", default: 500)
        seed = try arguments.int("seed", default: 42)
        if arguments.value(nil, "max_length") != nil { maxLength = try arguments.int("max_length", default: 0) }
        guard learningRate > 0, learningRate.isFinite else {
            throw HostError.valueError("learning_rate must be a positive number, not \(learningRate)")
        }
        guard batchSize >= 1, evalBatchSize >= 1 else { throw HostError.valueError("the batch sizes must be at least 1") }
        guard accumulation >= 1 else { throw HostError.valueError("gradient_accumulation_steps must be at least 1") }
        guard maxSteps > 0 || epochs > 0 else {
            throw HostError.valueError("give max_steps > 0 or num_train_epochs > 0: there is nothing to train otherwise")
        }
        guard loggingSteps >= 1 else { throw HostError.valueError("logging_steps must be at least 1") }
        guard warmupSteps >= 0, (0...1).contains(warmupRatio) else {
            throw HostError.valueError("warmup_steps must be ≥ 0 and warmup_ratio between 0 and 1")
        }
        if let maxLength, maxLength < 2 { throw HostError.valueError("max_length must be at least 2 tokens") }
        try readSaving(arguments)
    }

    /// `save_strategy`, `save_steps` and `save_total_limit`, as transformers reads them: "steps"
    /// saves every `save_steps` (500 unless given), "no" never; "epoch" and "best" are not supported.
    private func readSaving(_ arguments: Arguments) throws {
        let strategy = try arguments.string("save_strategy", default: "no") ?? "no"
        switch strategy {
        case "no":
            if arguments.value(nil, "save_steps") != nil {
                throw HostError.valueError("save_steps needs save_strategy=\"steps\" (the strategy is \"no\": nothing would be saved)")
            }
        case "steps":
            let every = try arguments.int("save_steps", default: 500)
            guard every >= 1 else { throw HostError.valueError("save_steps must be at least 1, not \(every)") }
            saveSteps = every
        default:
            throw HostError.valueError("save_strategy=\"\(strategy)\" is not supported; use \"steps\" with save_steps=N, or \"no\"")
        }
        if let limit = arguments.value(nil, "save_total_limit"), !limit.isNone {
            let kept = try arguments.int("save_total_limit", default: 0)
            guard kept >= 1 else { throw HostError.valueError("save_total_limit must be at least 1 (or None to keep every checkpoint), not \(kept)") }
            saveTotalLimit = kept
        }
    }

    var typeName: String { "TrainingArguments" }

    var reprText: String {
        "TrainingArguments(output_dir='\(outputDir)', max_steps=\(maxSteps), num_train_epochs=\(epochs), learning_rate=\(learningRate), per_device_train_batch_size=\(batchSize), lr_scheduler_type='\(schedule)', seed=\(seed))"
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "output_dir": return Value(outputDir)
        case "max_steps": return Value(maxSteps)
        case "num_train_epochs": return Value(epochs)
        case "learning_rate": return Value(learningRate)
        case "per_device_train_batch_size": return Value(batchSize)
        case "gradient_accumulation_steps": return Value(accumulation)
        case "weight_decay": return Value(weightDecay)
        case "lr_scheduler_type": return Value(schedule)
        case "max_grad_norm": return Value(maxGradNorm)
        case "logging_steps": return Value(loggingSteps)
        case "seed": return Value(seed)
        case "save_strategy": return Value(saveSteps == nil ? "no" : "steps")
        case "save_steps": return Value(saveSteps ?? 500)
        case "save_total_limit": return saveTotalLimit.map { Value($0) } ?? Value.none
        default: return nil
        }
    }
}

/// `transformers.Trainer(model=…, args=…, train_dataset=…, eval_dataset=…)`: trains a causal LM
/// on a list of texts (or dicts with `text`, or with `prompt` and `completion`, whose prompt
/// tokens the loss ignores), as transformers' Trainer with `DataCollatorForLanguageModeling(mlm=False)`
/// does: labels are the inputs, padding ignored, the mean cross-entropy over counted tokens. A
/// masked LM is trained as with `DataCollatorForLanguageModeling(mlm=True)`: seeded masks
/// (`data_collator=` sets the probability, 0.15 by default).
final class TrainerObject: HostObject {
    let model: TrainableModelObject
    let arguments: TrainingArgumentsObject
    let models: ModelProvider
    let trainTexts: [TrainingExample]
    let evalTexts: [TrainingExample]
    /// The masked-LM collator of a masked model; nil for a causal one.
    let masking: MaskedLMCollator?
    /// One entry a logged step: loss, learning_rate, grad_norm, step, epoch.
    private(set) var logHistory: [[(String, Value)]] = []
    private(set) var globalStep = 0
    private var epochDone = 0.0

    init(_ call: Arguments, models: ModelProvider) throws {
        try call.check(maxPositional: 0, keywords: ["model", "args", "train_dataset", "eval_dataset", "tokenizer",
                                                    "processing_class", "data_collator"])
        guard case .host(let object)? = call.value(nil, "model"), let model = object as? TrainableModelObject else {
            throw HostError.typeError("Trainer(model=...) needs a model from AutoModelForCausalLM.from_pretrained(...) or AutoModelForMaskedLM.from_pretrained(...)")
        }
        guard case .host(let settings)? = call.value(nil, "args"), let arguments = settings as? TrainingArgumentsObject else {
            throw HostError.typeError("Trainer(args=...) needs TrainingArguments(output_dir=..., ...)")
        }
        guard let train = call.value(nil, "train_dataset") else {
            throw HostError.typeError("Trainer(...) needs train_dataset=: a list of texts")
        }
        self.model = model
        self.arguments = arguments
        self.models = models
        masking = try DataCollatorObject.masking(call.value(nil, "data_collator"), for: model)
        trainTexts = try TrainingExample.list(train, name: "train_dataset", tokenizer: model.tokenizer, maxLength: arguments.maxLength,
                                              masked: model.isMaskedLM)
        evalTexts = try call.value(nil, "eval_dataset").map {
            try TrainingExample.list($0, name: "eval_dataset", tokenizer: model.tokenizer, maxLength: arguments.maxLength, masked: model.isMaskedLM)
        } ?? []
    }

    var typeName: String { "Trainer" }

    var helpText: String {
        """
        Trainer(model=model, args=TrainingArguments(...), train_dataset=texts, eval_dataset=None)
          trainer.train()        -> TrainOutput(global_step, training_loss, metrics)
          trainer.train(resume_from_checkpoint=True)   goes on from the latest checkpoint-N
          trainer.evaluate()     -> {'eval_loss': ...}
          trainer.state.log_history, trainer.state.global_step
          trainer.save_model()   into labrun-work/models/<output_dir>
        """
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "train":
            return .builtin(BuiltinFunction(name: name, doc: "train(resume_from_checkpoint=None) -> TrainOutput") { [self] arguments in
                try arguments.check(maxPositional: 1, keywords: ["resume_from_checkpoint"])
                return try train(resumeFrom: arguments.value(0, "resume_from_checkpoint"))
            })
        case "evaluate":
            return .builtin(BuiltinFunction(name: name, doc: "evaluate(eval_dataset=None) -> {'eval_loss': ...}") { [self] arguments in
                try arguments.check(maxPositional: 1, keywords: ["eval_dataset"])
                let texts = try arguments.value(0, "eval_dataset").map {
                    try TrainingExample.list($0, name: "eval_dataset", tokenizer: model.tokenizer, maxLength: self.arguments.maxLength,
                                             masked: model.isMaskedLM)
                } ?? evalTexts
                guard !texts.isEmpty else { throw HostError.valueError("evaluate() needs eval_dataset=, given here or to Trainer(...)") }
                return .dict([("eval_loss", Value(try evaluationLoss(texts))), ("epoch", Value(epochDone))])
            })
        case "save_model":
            return .builtin(BuiltinFunction(name: name, doc: "save_model(output_dir=None)") { [self] arguments in
                try arguments.check(maxPositional: 1, keywords: ["output_dir"])
                let folder = try TrainingOutput.folder(try arguments.string("output_dir", at: 0, default: nil) ?? self.arguments.outputDir,
                                                      workspace: models.workspace)
                try model.save(to: folder)
                return .none
            })
        case "state":
            return .host(TrainerState(history: logHistory, globalStep: globalStep, epoch: epochDone))
        case "model": return .host(model)
        case "args": return .host(arguments)
        default: return nil
        }
    }

    /// The number of optimizer steps: `max_steps`, else the epochs over the data.
    var plannedSteps: Int {
        arguments.maxSteps > 0 ? arguments.maxSteps
            : TrainingRun.stepCount(epochs: arguments.epochs, count: trainTexts.count, perStep: arguments.batchSize * arguments.accumulation)
    }

    /// Trains, logging every `logging_steps` steps and saving a checkpoint every `save_steps`
    /// (and on Ctrl-C), from the checkpoint `resumeFrom` names if any; returns transformers' `TrainOutput`.
    func train(resumeFrom: Value? = nil) throws -> Value {
        let steps = plannedSteps
        let warmup = arguments.warmupSteps > 0 ? arguments.warmupSteps : Int((arguments.warmupRatio * Double(steps)).rounded(.up))
        // TrainingArguments' seed draws the dropout masks as well as the data order.
        let settings = TrainingSettings(maxSteps: steps, learningRate: arguments.learningRate, weightDecay: arguments.weightDecay,
                                        maxGradNorm: arguments.maxGradNorm, scheduleName: arguments.schedule, warmupSteps: warmup,
                                        seed: UInt64(max(0, arguments.seed)))
        let output = try TrainingOutput.folder(arguments.outputDir, workspace: models.workspace)
        let resume = try TrainingCheckpoint.requested(resumeFrom, output: output, outputName: arguments.outputDir, workspace: models.workspace)
        let run = TrainingRun(examples: trainTexts, batchSize: arguments.batchSize, accumulation: arguments.accumulation,
                              seed: UInt64(max(0, arguments.seed)), loggingSteps: arguments.loggingSteps, padID: model.padID, pairs: nil, masking: masking,
                              checkpoints: .init(output: output, name: arguments.outputDir, every: arguments.saveSteps, keep: arguments.saveTotalLimit),
                              resume: resume, context: models.training, hyperparameters: hyperparameters(steps: steps, warmup: warmup))
        var outcome = TrainingRun.Outcome()
        defer {
            // A resumed run's outcome repeats the checkpoint's history.
            if resume != nil { logHistory.removeAll() }
            if outcome.globalStep > 0 {
                model.lastTraining = Provenance.Training(steps: outcome.globalStep, learningRate: arguments.learningRate, seed: arguments.seed, trainer: "Trainer")
            }
            logHistory += outcome.logHistory
            globalStep = outcome.globalStep
            epochDone = outcome.epoch
        }
        try run.train(model, settings: settings, into: &outcome)
        let perStep = arguments.batchSize * arguments.accumulation
        let done = outcome.globalStep
        let trainingLoss = outcome.losses.reduce(0, +) / Double(max(outcome.losses.count, 1))
        let seconds = outcome.seconds
        let metrics: [(String, Value)] = [
            ("train_runtime", Value(seconds)), ("train_samples_per_second", Value(Double(done * perStep) / max(seconds, 1e-9))),
            ("train_steps_per_second", Value(Double(done) / max(seconds, 1e-9))), ("train_loss", Value(trainingLoss)),
            ("epoch", Value(outcome.epoch)),
        ]
        outcome.logHistory.append(metrics + [("step", Value(done))])
        return .host(TrainOutput(globalStep: done, trainingLoss: trainingLoss, metrics: metrics))
    }

    /// The hyperparameters trainer_state.json and the progress store record.
    private func hyperparameters(steps: Int, warmup: Int) -> [String: Any] {
        var values: [String: Any] = [
            "max_steps": steps, "learning_rate": arguments.learningRate, "per_device_train_batch_size": arguments.batchSize,
            "gradient_accumulation_steps": arguments.accumulation, "weight_decay": arguments.weightDecay,
            "lr_scheduler_type": arguments.schedule, "warmup_steps": warmup, "max_grad_norm": arguments.maxGradNorm,
            "logging_steps": arguments.loggingSteps, "seed": arguments.seed, "output_dir": arguments.outputDir,
        ]
        if let adapter = model.model.adapter {
            values["lora"] = ["r": adapter.configuration.rank, "lora_alpha": adapter.configuration.alpha,
                              "target_modules": adapter.configuration.targetModules] as [String: Any]
        }
        if let every = arguments.saveSteps { values["save_steps"] = every }
        return values
    }

    /// The mean loss over `examples`, in batches of `per_device_eval_batch_size`, weighted by batch
    /// size; a masked model's masks are drawn from the arguments' seed, the same at every call.
    func evaluationLoss(_ examples: [TrainingExample]) throws -> Double {
        let collation = Collation(padID: model.padID, masking: masking, seed: UInt64(max(0, arguments.seed)))
        var total = 0.0
        var count = 0
        var start = 0
        while start < examples.count {
            let chunk = Array(examples[start ..< min(examples.count, start + arguments.evalBatchSize)])
            do {
                total += try model.model.loss(try collation.batch(chunk, index: start / arguments.evalBatchSize)) * Double(chunk.count)
            } catch {
                throw HostError.valueError("\(error)")
            }
            count += chunk.count
            start += chunk.count
        }
        return total / Double(max(count, 1))
    }
}
