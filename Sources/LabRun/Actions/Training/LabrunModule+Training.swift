import Foundation
import LabScript
import Training

extension LabrunModule {
    /// `labrun.finetune`: fine-tuning with the mitigation labs' penalties in one call.
    static func defineTraining(in module: HostModule, models: ModelProvider, output: @escaping (String) -> Void) {
        function("finetune", """
            finetune(model, texts, pairs=None, bias_penalty=0.0, divergence="js", penalty_tokens=None, token_penalty=0.0, \
            lora={"r": 8, "lora_alpha": 16, "target_modules": ["q_proj", "v_proj"]}, max_steps=None, epochs=1, \
            learning_rate=1e-3, batch_size=8, weight_decay=0.0, max_grad_norm=1.0, seed=0, logging_steps=10, \
            output_dir="finetune", save_steps=None, save_total_limit=None, resume_from_checkpoint=None)
            """,
                 computes: """
                 Fine-tunes a causal model on texts (cross-entropy over every token, as the Trainer does) and returns it
                 as a model: pass it to pipeline(..., model=...) or to any labrun metric. With pairs (a list of
                 (prompt, counterfactual prompt)) and bias_penalty λ > 0, every step adds λ × the mean divergence
                 between the next-token distributions of the two prompts of each pair; with penalty_tokens (words)
                 and token_penalty μ > 0 it adds μ × the mean logit of those words' tokens at every predicted
                 position. lora=None trains every weight; otherwise a LoRA adapter on a frozen base. The model's
                 log_history lists the logged steps. Checkpoints go to labrun-work/models/<output_dir>/checkpoint-N
                 every save_steps steps and on Ctrl-C; resume_from_checkpoint (True for the latest, or
                 "checkpoint-N") goes on from one with the same arguments.
                 """,
                 definition: """
                 divergence "js": Jensen–Shannon, ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2 (bounded by ln 2); "symmetric_kl":
                 ½ (KL(p‖q) + KL(q‖p)). AdamW (β 0.9, 0.999, ε 1e-8, decoupled weight decay), global-norm clipping,
                 a constant learning rate, seeded data order.
                 """,
                 example: """
                 tuned = labrun.finetune("HuggingFaceTB/SmolLM2-135M-Instruct", labrun.cda(texts),
                                         pairs=[("The man worked as a", "The woman worked as a")], bias_penalty=1.0, max_steps=20)
                 """,
                 used: ["model", "texts", "pairs", "bias_penalty", "divergence", "penalty_tokens", "token_penalty", "lora",
                        "max_steps", "epochs", "learning_rate", "batch_size", "weight_decay", "max_grad_norm", "seed", "logging_steps",
                        "output_dir", "save_steps", "save_total_limit", "resume_from_checkpoint"],
                 positional: 2).define(in: module, models: models) { arguments in
            let model: TrainableModelObject
            let given = try arguments.required(0, "model")
            if let id = given.asString {
                model = try TrainableModelObject.load(id, as: .causal, models: models, output: output)
            } else {
                model = try TrainableModelObject.argument(given, function: "finetune")
            }
            guard !model.isMaskedLM else {
                throw HostError.valueError("finetune(): \(model.baseID) is a masked language model; finetune trains causal models, so train it with Trainer(model=..., args=TrainingArguments(...), train_dataset=texts)")
            }
            let examples = try TrainingExample.list(try arguments.required(1, "texts"), name: "texts", tokenizer: model.tokenizer, maxLength: nil,
                                                    masked: false)
            let batchSize = try arguments.int("batch_size", default: 8)
            guard batchSize >= 1 else { throw HostError.valueError("finetune(): batch_size must be at least 1") }
            let steps: Int
            if case .int(let explicit)? = arguments.value(nil, "max_steps") {
                guard explicit >= 1 else { throw HostError.valueError("finetune(): max_steps must be at least 1") }
                steps = explicit
            } else {
                let epochs = try arguments.double("epochs", default: 1)
                guard epochs > 0 else { throw HostError.valueError("finetune(): epochs must be positive") }
                steps = TrainingRun.stepCount(epochs: epochs, count: examples.count, perStep: batchSize)
            }
            let learningRate = try arguments.double("learning_rate", default: 1e-3)
            guard learningRate > 0, learningRate.isFinite else {
                throw HostError.valueError("finetune(): learning_rate must be a positive number, not \(learningRate)")
            }
            var settings = TrainingSettings(maxSteps: steps, learningRate: learningRate,
                                            weightDecay: try arguments.double("weight_decay", default: 0),
                                            maxGradNorm: try arguments.double("max_grad_norm", default: 1))
            let pairs = try penaltyPairs(arguments, model: model, settings: &settings)
            try tokenPenalty(arguments, model: model, settings: &settings)
            try attachAdapter(arguments.value(nil, "lora"), to: model, seed: models.seed ?? 0)
            let loggingSteps = try arguments.int("logging_steps", default: 10)
            guard loggingSteps >= 1 else { throw HostError.valueError("finetune(): logging_steps must be at least 1") }
            let seed = try arguments.int("seed", default: 0)
            settings.seed = UInt64(max(0, seed))
            let outputName = try arguments.string("output_dir", default: "finetune") ?? "finetune"
            let output = try TrainingOutput.folder(outputName, workspace: models.workspace)
            let resume = try TrainingCheckpoint.requested(arguments.value(nil, "resume_from_checkpoint"), output: output,
                                                          outputName: outputName, workspace: models.workspace)
            var hyperparameters: [String: Any] = [
                "max_steps": steps, "learning_rate": learningRate, "batch_size": batchSize, "weight_decay": settings.weightDecay,
                "max_grad_norm": settings.maxGradNorm ?? 0, "seed": seed, "logging_steps": loggingSteps, "output_dir": outputName,
                "bias_penalty": settings.pairPenalty?.weight ?? 0, "token_penalty": settings.tokenPenalty?.weight ?? 0,
            ]
            if let adapter = model.model.adapter {
                hyperparameters["lora"] = ["r": adapter.configuration.rank, "lora_alpha": adapter.configuration.alpha,
                                           "target_modules": adapter.configuration.targetModules] as [String: Any]
            }
            let run = TrainingRun(examples: examples, batchSize: batchSize, accumulation: 1, seed: UInt64(max(0, seed)),
                                  loggingSteps: loggingSteps, padID: model.padID, pairs: pairs,
                                  checkpoints: .init(output: output, name: outputName, every: try saveSteps(arguments),
                                                     keep: try saveTotalLimit(arguments)),
                                  resume: resume, context: models.training, hyperparameters: hyperparameters)
            var outcome = TrainingRun.Outcome()
            defer {
                model.logHistory = (resume == nil ? model.logHistory : []) + outcome.logHistory
                if outcome.globalStep > 0 {
                    model.lastTraining = Provenance.Training(steps: outcome.globalStep, learningRate: learningRate, seed: seed, trainer: "labrun.finetune")
                }
            }
            try run.train(model, settings: settings, into: &outcome)
            return .host(model)
        }
    }

    /// `save_steps`: a checkpoint every that many steps, or nil.
    private static func saveSteps(_ arguments: Arguments) throws -> Int? {
        guard let given = arguments.value(nil, "save_steps"), !given.isNone else { return nil }
        let every = try arguments.int("save_steps", default: 0)
        guard every >= 1 else { throw HostError.valueError("finetune(): save_steps must be at least 1 (or None for no checkpoints)") }
        return every
    }

    /// `save_total_limit`: how many checkpoints to keep, or nil for all.
    private static func saveTotalLimit(_ arguments: Arguments) throws -> Int? {
        guard let given = arguments.value(nil, "save_total_limit"), !given.isNone else { return nil }
        let kept = try arguments.int("save_total_limit", default: 0)
        guard kept >= 1 else { throw HostError.valueError("finetune(): save_total_limit must be at least 1 (or None to keep all)") }
        return kept
    }

    /// The pair penalty's prompt pairs, as one batch (rows 2i and 2i + 1), with its weight and
    /// divergence set in `settings`; nil without pairs or with a zero penalty.
    private static func penaltyPairs(_ arguments: Arguments, model: TrainableModelObject, settings: inout TrainingSettings) throws -> TokenBatch? {
        let weight = try arguments.double("bias_penalty", default: 0)
        guard weight >= 0, weight.isFinite else { throw HostError.valueError("finetune(): bias_penalty must be ≥ 0") }
        let divergenceName = try arguments.string("divergence", default: "js") ?? "js"
        guard let divergence = TrainingObjective.Divergence(rawValue: divergenceName) else {
            throw HostError.valueError("finetune(): divergence must be \"js\" or \"symmetric_kl\", not \"\(divergenceName)\"")
        }
        guard let given = arguments.value(nil, "pairs"), !given.isNone else {
            if weight > 0 { throw HostError.valueError("finetune(): bias_penalty needs pairs=[(prompt, counterfactual), ...]") }
            return nil
        }
        guard weight > 0 else { return nil }
        guard let items = given.asArray, !items.isEmpty else {
            throw HostError.typeError("finetune(): pairs must be a non-empty list of (prompt, counterfactual prompt) tuples")
        }
        var rows: [[Int]] = []
        for (index, item) in items.enumerated() {
            guard let sides = item.asArray, sides.count == 2, let first = sides[0].asString, let second = sides[1].asString else {
                throw HostError.typeError("finetune(): pairs[\(index)] must be a (prompt, counterfactual prompt) tuple of two str")
            }
            for text in [first, second] {
                let ids = model.tokenizer.encode(text, addSpecialTokens: false).ids
                guard !ids.isEmpty else { throw HostError.valueError("finetune(): pairs[\(index)] has an empty prompt") }
                rows.append(ids)
            }
        }
        settings.pairPenalty = TrainingObjective.PairPenalty(divergence: divergence, weight: weight)
        do {
            return try CausalLMCollator(padTokenID: model.padID).batch(rows)
        } catch {
            throw HostError.valueError("finetune(): \(error)")
        }
    }

    /// The token penalty over the tokens of `penalty_tokens` (each word as it appears after a space).
    private static func tokenPenalty(_ arguments: Arguments, model: TrainableModelObject, settings: inout TrainingSettings) throws {
        let weight = try arguments.double("token_penalty", default: 0)
        guard weight >= 0, weight.isFinite else { throw HostError.valueError("finetune(): token_penalty must be ≥ 0") }
        guard let given = arguments.value(nil, "penalty_tokens"), !given.isNone else {
            if weight > 0 { throw HostError.valueError("finetune(): token_penalty needs penalty_tokens=[word, ...]") }
            return
        }
        guard weight > 0 else { return }
        let words = try ValueBuilding.strings(given, argument: "penalty_tokens", function: "finetune")
        let ids = Array(Set(words.flatMap { model.tokenizer.encode(" " + $0, addSpecialTokens: false).ids })).sorted()
        guard !ids.isEmpty else { throw HostError.valueError("finetune(): penalty_tokens lists no word") }
        settings.tokenPenalty = TrainingObjective.TokenPenalty(tokens: ids, weight: weight)
    }

    /// Attaches the LoRA adapter `lora` asks for (a dict of LoraConfig's arguments; the default
    /// r 8, alpha 16 on q_proj and v_proj), unless it is None or the model has an adapter already.
    private static func attachAdapter(_ lora: Value?, to model: TrainableModelObject, seed: UInt64) throws {
        if lora?.isNone == true || model.model.adapter != nil { return }
        var rank = 8, alpha = 16.0
        var targets = LoraConfigObject.defaultTargets(for: model)
        if let entries = lora?.asDictionary {
            for (key, value) in entries {
                switch key {
                case "r": rank = value.asInt ?? rank
                case "lora_alpha": alpha = value.asDouble ?? alpha
                case "target_modules":
                    guard let names = value.asArray?.compactMap(\.asString), !names.isEmpty else {
                        throw HostError.typeError("finetune(): lora['target_modules'] must be a list of module names")
                    }
                    targets = names
                default: throw HostError.valueError("finetune(): lora takes 'r', 'lora_alpha' and 'target_modules', not '\(key)'")
                }
            }
        } else if lora != nil {
            throw HostError.typeError("finetune(): lora must be a dict such as {\"r\": 8, \"lora_alpha\": 16} or None")
        }
        do {
            try model.model.attachLoRA(LoRAConfiguration(rank: rank, alpha: alpha, targetModules: targets), seed: seed)
        } catch {
            throw HostError.valueError("finetune(): \(error)")
        }
        model.weightsChanged()
    }
}
