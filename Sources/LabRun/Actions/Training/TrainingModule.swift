import Foundation
import LabScript

/// The training names of LabScript's `transformers` module: `AutoModelForCausalLM`,
/// `TrainingArguments` and `Trainer`, bound to labrun's Training engine.
///
///     model = AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")
///     trainer = Trainer(model=model, args=TrainingArguments(output_dir="cda", max_steps=20), train_dataset=texts)
///     trainer.train()
enum TrainingModule {
    /// Adds the training names to `module`; `output` is where `print_trainable_parameters` prints.
    static func add(to module: HostModule, models: ModelProvider, output: @escaping (String) -> Void) {
        module.set("AutoModelForCausalLM", .host(AutoModelClass(models: models, output: output)))
        module.explain("AutoModelForCausalLM.from_pretrained") { call in
            CallExplanation("\(call.name) → \(models.describe(call.string(0) ?? "?")) opened for training: float32 weights (a GGUF base is dequantized once)")
        }
        module.define("TrainingArguments", doc: """
            TrainingArguments(output_dir, max_steps=-1, num_train_epochs=3, learning_rate=5e-5,
                per_device_train_batch_size=8, gradient_accumulation_steps=1, weight_decay=0.0, warmup_steps=0,
                lr_scheduler_type="linear", max_grad_norm=1.0, logging_steps=500, seed=42)
            """) { arguments in
            .host(try TrainingArgumentsObject(arguments))
        }
        module.define("Trainer", doc: "Trainer(model=..., args=TrainingArguments(...), train_dataset=texts, eval_dataset=None)",
                      explain: { call in
            CallExplanation("\(call.name) → labrun's trainer: AdamW with decoupled weight decay, clipping by global norm, the schedule of TrainingArguments; causal-LM loss over the texts")
        }) { arguments in
            .host(try TrainerObject(arguments, models: models))
        }
    }
}

/// `transformers.AutoModelForCausalLM`: only `from_pretrained(id)`.
final class AutoModelClass: HostObject {
    let models: ModelProvider
    let output: (String) -> Void

    init(models: ModelProvider, output: @escaping (String) -> Void) {
        self.models = models
        self.output = output
    }

    var typeName: String { "type" }
    var reprText: String { "<class 'transformers.AutoModelForCausalLM'>" }
    var helpText: String { "AutoModelForCausalLM.from_pretrained(model_id) -> the model, opened for training (float32)" }

    func attribute(_ name: String) throws -> Value? {
        guard name == "from_pretrained" else { return nil }
        return .builtin(BuiltinFunction(name: "from_pretrained", doc: helpText) { [models, output] arguments in
            try arguments.check(maxPositional: 1, keywords: ["pretrained_model_name_or_path", "revision", "torch_dtype", "device_map"])
            return .host(try TrainableModelObject.load(try arguments.string(0, "pretrained_model_name_or_path"), models: models, output: output))
        })
    }
}
