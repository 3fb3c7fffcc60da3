import Foundation
import LabScript
import Training

/// The training names of LabScript's `transformers` module: `AutoModelForCausalLM`,
/// `AutoModelForMaskedLM`, `TrainingArguments`, `DataCollatorForLanguageModeling` and `Trainer`,
/// bound to labrun's Training engine.
///
///     model = AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")
///     trainer = Trainer(model=model, args=TrainingArguments(output_dir="cda", max_steps=20), train_dataset=texts)
///     trainer.train()
enum TrainingModule {
    /// Adds the training names to `module`; `output` is where `print_trainable_parameters` prints.
    static func add(to module: HostModule, models: ModelProvider, output: @escaping (String) -> Void) {
        for head in [TrainableModelObject.Head.causal, .masked] {
            module.set(head.rawValue, .host(AutoModelClass(head: head, models: models, output: output)))
            module.explain("\(head.rawValue).from_pretrained") { call in
                CallExplanation("\(call.name) → \(models.describe(call.string(0) ?? "?")) opened for training: float32 weights (a GGUF base is dequantized once)")
            }
        }
        module.define("DataCollatorForLanguageModeling", doc: """
            DataCollatorForLanguageModeling(tokenizer, mlm=True, mlm_probability=0.15): the collation a Trainer uses;
            mlm=True masks 15% of the tokens of a masked LM (80% [MASK], 10% a random token, 10% kept), mlm=False is causal-LM collation
            """) { arguments in
            .host(try DataCollatorObject(arguments))
        }
        module.define("TrainingArguments", doc: """
            TrainingArguments(output_dir, max_steps=-1, num_train_epochs=3, learning_rate=5e-5,
                per_device_train_batch_size=8, gradient_accumulation_steps=1, weight_decay=0.0, warmup_steps=0,
                lr_scheduler_type="linear", max_grad_norm=1.0, logging_steps=500, seed=42)
            """) { arguments in
            .host(try TrainingArgumentsObject(arguments))
        }
        module.define("Trainer", doc: "Trainer(model=..., args=TrainingArguments(...), train_dataset=texts, eval_dataset=None, data_collator=None)",
                      explain: { call in
            CallExplanation("\(call.name) → labrun's trainer: AdamW with decoupled weight decay, clipping by global norm, the schedule of TrainingArguments; causal-LM loss over the texts, or masked-LM loss over seeded masks for a masked LM")
        }) { arguments in
            .host(try TrainerObject(arguments, models: models))
        }
    }
}

/// `transformers.AutoModelForCausalLM` (Llama, GPT-2) and `AutoModelForMaskedLM` (BERT): only
/// `from_pretrained(id)`.
final class AutoModelClass: HostObject {
    let head: TrainableModelObject.Head
    let models: ModelProvider
    let output: (String) -> Void

    init(head: TrainableModelObject.Head, models: ModelProvider, output: @escaping (String) -> Void) {
        self.head = head
        self.models = models
        self.output = output
    }

    var typeName: String { "type" }
    var reprText: String { "<class 'transformers.\(head.rawValue)'>" }
    var helpText: String { "\(head.rawValue).from_pretrained(model_id) -> the model, opened for training (float32)" }

    func attribute(_ name: String) throws -> Value? {
        guard name == "from_pretrained" else { return nil }
        return .builtin(BuiltinFunction(name: "from_pretrained", doc: helpText) { [head, models, output] arguments in
            try arguments.check(maxPositional: 1, keywords: ["pretrained_model_name_or_path", "revision", "torch_dtype", "device_map"])
            return .host(try TrainableModelObject.load(try arguments.string(0, "pretrained_model_name_or_path"), as: head, models: models, output: output))
        })
    }
}

/// `transformers.DataCollatorForLanguageModeling(tokenizer, mlm=True, mlm_probability=0.15)`:
/// passed as a `Trainer`'s `data_collator`, it says whether the model is trained as a masked LM
/// (`mlm=True`, with that share of tokens masked) or as a causal one (`mlm=False`).
final class DataCollatorObject: HostObject {
    /// transformers' `mlm`.
    let masksTokens: Bool
    /// transformers' `mlm_probability`.
    let probability: Double

    init(_ arguments: Arguments) throws {
        try arguments.check(maxPositional: 1, keywords: ["tokenizer", "mlm", "mlm_probability", "pad_to_multiple_of", "return_tensors"])
        guard case .host(let tokenizer)? = arguments.value(0, "tokenizer"), tokenizer is TokenizerAction else {
            throw HostError.typeError("DataCollatorForLanguageModeling() needs the model's tokenizer first: AutoTokenizer.from_pretrained(...)")
        }
        masksTokens = try arguments.bool("mlm", default: true)
        probability = try arguments.double("mlm_probability", default: 0.15)
        guard probability > 0, probability <= 1 else {
            throw HostError.valueError("DataCollatorForLanguageModeling(mlm_probability=\(probability)) must be in (0, 1], such as 0.15")
        }
    }

    var typeName: String { "DataCollatorForLanguageModeling" }
    var reprText: String { "DataCollatorForLanguageModeling(mlm=\(masksTokens ? "True" : "False"), mlm_probability=\(probability))" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "mlm": return .bool(masksTokens)
        case "mlm_probability": return Value(probability)
        default: return nil
        }
    }

    /// The masked-LM collator a `Trainer` of `model` uses, given its `data_collator` argument
    /// `value`: for a masked model, masks of `mlm_probability` (0.15 without a collator); nil for
    /// a causal one.
    /// - Throws: `HostError` (`TypeError`) for another kind of collator; (`ValueError`) for `mlm`
    ///   that does not fit the model, or a masked model whose tokenizer has no mask token.
    static func masking(_ value: Value?, for model: TrainableModelObject) throws -> MaskedLMCollator? {
        var probability = 0.15
        switch value {
        case nil, .none?: break
        case .host(let object as DataCollatorObject)?:
            guard object.masksTokens == model.isMaskedLM else {
                throw HostError.valueError(model.isMaskedLM
                    ? "Trainer(data_collator=...): \(model.baseID) is a masked language model, which learns from masked tokens; use DataCollatorForLanguageModeling(tokenizer, mlm=True)"
                    : "Trainer(data_collator=...): \(model.baseID) is a causal language model, which predicts the next token; use DataCollatorForLanguageModeling(tokenizer, mlm=False)")
            }
            probability = object.probability
        case let other?:
            throw HostError.typeError("Trainer(data_collator=...) must be DataCollatorForLanguageModeling(tokenizer, mlm=...), not \(other.typeName)")
        }
        guard model.isMaskedLM else { return nil }
        guard let mask = model.tokenizer.specialTokens.mask else {
            throw HostError.valueError("Trainer(...): the tokenizer of \(model.baseID) has no mask token, which masked-LM training needs")
        }
        let vocabulary = min(model.tokenizer.vocabularySize, (model.model as? TrainableBERT)?.configuration.vocabularySize ?? .max)
        return MaskedLMCollator(maskTokenID: mask.id, padTokenID: model.padID, vocabularySize: vocabulary,
                                specialTokenIDs: model.tokenizer.specialTokens.ids.union([model.padID]), probability: probability)
    }
}
