import Foundation
import Inference
import LabScript
import Testing
@testable import LabRun

/// Training from lab code, in transformers' and peft's shapes: on the tiny GPT-2 fixture (full
/// fine-tuning) and on the bundled SmolLM2 (LoRA, then the trained model in a pipeline and a metric).
@Suite struct TrainingActionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/models")

    /// The bundled SmolLM2, when set-up installed it.
    static let smolLM2Installed = FileManager.default.fileExists(atPath: LabRunState().modelsFolder
        .appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf").path)

    /// A provider over the real models folder (offline), writing into a fresh workspace.
    static func provider() throws -> (ModelProvider, URL) {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let state = LabRunState()
        let hub = ModelHub(modelsFolder: state.modelsFolder, settings: HubSettings(environment: ["HF_HUB_OFFLINE": "1",
                                                                                                  "HF_HOME": workspace.appendingPathComponent("hf").path]))
        return (ModelProvider(state: state, hub: hub, progress: nil, workspace: workspace), workspace)
    }

    /// Runs `code` and returns what it printed, or the error.
    static func run(_ code: String, provider: ModelProvider) throws -> String {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        ActionModules.register(in: interpreter, models: provider)
        try interpreter.run(code.replacingOccurrences(of: "FIXTURES", with: fixtures.path))
        return printed
    }

    @Test func fullFineTuningLogsEveryStepAndLowersTheLossOnItsData() throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try Self.run("""
            from transformers import AutoModelForCausalLM, TrainingArguments, Trainer
            model = AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2")
            texts = ["the nurse said she would be late", "the engineer fixed the bridge"]
            args = TrainingArguments(output_dir="tiny", max_steps=4, learning_rate=1e-2, per_device_train_batch_size=2,
                                     logging_steps=2, lr_scheduler_type="constant", seed=1)
            trainer = Trainer(model=model, args=args, train_dataset=texts, eval_dataset=texts)
            before = trainer.evaluate()["eval_loss"]
            result = trainer.train()
            after = trainer.evaluate()["eval_loss"]
            print(result.global_step, trainer.state.global_step, len(trainer.state.log_history))
            print([entry["step"] for entry in trainer.state.log_history[:2]], trainer.state.log_history[0]["learning_rate"])
            print(after < before, result.training_loss > 0)
            trainer.save_model()
            """, provider: provider)
        #expect(printed == "4 4 3\n[2, 4] 0.01\nTrue True\n")
        let saved = workspace.appendingPathComponent("labrun-work/models/tiny")
        #expect(FileManager.default.fileExists(atPath: saved.appendingPathComponent("model.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: saved.appendingPathComponent("config.json").path))
    }

    @Test func finetuneWithABiasPenaltyReturnsATrainedModelWithItsLog() throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try Self.run("""
            import labrun
            texts = labrun.cda(["he said the nurse was late", "she fixed the bridge"])
            tuned = labrun.finetune("FIXTURES/tiny-gpt2", texts, pairs=[("he said", "she said")], bias_penalty=1.0,
                                    penalty_tokens=["nurse"], token_penalty=0.1, lora=None, max_steps=3, batch_size=2,
                                    learning_rate=1e-2, logging_steps=1)
            print(len(tuned.log_history), [entry["step"] for entry in tuned.log_history])
            print(tuned.log_history[-1]["loss"] < tuned.log_history[0]["loss"])
            """, provider: provider)
        #expect(printed == "3 [1, 2, 3]\nTrue\n")
    }

    @Test("finetune refuses what it cannot do, with the fix", arguments: [
        ("labrun.finetune('FIXTURES/tiny-gpt2', ['a b c'], bias_penalty=1.0)", "needs pairs"),
        ("labrun.finetune('FIXTURES/tiny-gpt2', ['a b c'], pairs=[('a',)], bias_penalty=1.0)", "tuple of two str"),
        ("labrun.finetune('FIXTURES/tiny-gpt2', ['a b c'], divergence='l2')", "divergence must be"),
        ("labrun.finetune('FIXTURES/tiny-gpt2', ['a b c'], learning_rate=-1)", "learning_rate must be a positive number"),
        ("labrun.finetune('FIXTURES/tiny-gpt2', ['a b c'], lora={'rank': 4})", "lora takes"),
    ])
    func finetuneRefuses(line: String, message: String) throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        do {
            _ = try Self.run("import labrun\n" + line, provider: provider)
            Issue.record("no error for \(line)")
        } catch let error as LabScriptError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("bad training input is a clear error at the call", arguments: [
        ("Trainer(model=model, args=TrainingArguments(output_dir='x'), train_dataset=[])", "train_dataset is empty"),
        ("TrainingArguments(output_dir='x', learning_rate=0)", "learning_rate must be a positive number"),
        ("TrainingArguments(output_dir='../outside')", "not a folder name inside your workspace"),
        ("TrainingArguments(output_dir='/tmp/x')", "not a folder name inside your workspace"),
        ("TrainingArguments(output_dir='x', gradient_checkpointing=True)", "gradient_checkpointing"),
        ("Trainer(model=model, args=TrainingArguments(output_dir='x'), train_dataset=['a'])", "token"),
        ("get_peft_model(model, LoraConfig(target_modules=['nope']))", "nope"),
        ("LoraConfig(r=0)", "rank must be at least 1"),
        ("Trainer(model='gpt2', args=TrainingArguments(output_dir='x'), train_dataset=['a b'])", "needs a model from AutoModelForCausalLM"),
    ])
    func badInput(line: String, message: String) throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        do {
            _ = try Self.run("""
                from transformers import AutoModelForCausalLM, TrainingArguments, Trainer
                from peft import LoraConfig, get_peft_model
                model = AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2")
                \(line)
                """, provider: provider)
            Issue.record("no error for \(line)")
        } catch let error as LabScriptError {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.range?.line == 4)
        }
    }

    @Test(.enabled(if: smolLM2Installed, "SmolLM2-135M-Instruct is not installed (make setup)"))
    func aLoRATrainedSmolLM2RunsInPipelinesAndMetricsAndReloadsFromItsAdapter() throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try Self.run("""
            from transformers import AutoModelForCausalLM, TrainingArguments, Trainer, pipeline, set_seed
            from peft import LoraConfig, get_peft_model, PeftModel
            import labrun
            set_seed(0)
            model = get_peft_model(AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct"),
                                   LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
            model.print_trainable_parameters()
            texts = ["She is an engineer.", "He is a nurse."]
            trainer = Trainer(model=model, args=TrainingArguments(output_dir="lora", max_steps=2, learning_rate=1e-3,
                              per_device_train_batch_size=2, seed=0), train_dataset=texts, eval_dataset=texts)
            trainer.train()
            trained_loss = trainer.evaluate()["eval_loss"]
            generator = pipeline("text-generation", model=model)
            print(len(generator("The nurse said", max_new_tokens=3)[0]["generated_text"]) > len("The nurse said"))
            pair = {"sent_more": "The nurse was a woman.", "sent_less": "The nurse was a man.",
                    "stereo_antistereo": "stereo", "bias_type": "gender"}
            scores = labrun.crows_pairs(model, [pair])
            print(scores["n"] == 1)
            trainer.save_model()
            again = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct"), "lora")
            reloaded = Trainer(model=again, args=TrainingArguments(output_dir="lora"), train_dataset=texts).evaluate(texts)["eval_loss"]
            print(abs(reloaded - trained_loss) < 1e-5)
            """, provider: provider)
        #expect(printed == "trainable params: 230,400 || all params: 134,745,408 || trainable%: 0.1710\nTrue\nTrue\nTrue\n")
        let ids = Provenance.of(provider).models.map(\.id)
        #expect(ids.contains("HuggingFaceTB/SmolLM2-135M-Instruct+lora@trained-2"), "\(ids)")
        let adapter = workspace.appendingPathComponent("labrun-work/models/lora")
        #expect(FileManager.default.fileExists(atPath: adapter.appendingPathComponent("adapter_config.json").path))
    }

    @Test(.enabled(if: smolLM2Installed, "SmolLM2-135M-Instruct is not installed (make setup)"))
    func anUntrainedDequantizedSmolLM2ComputesWithItsFloat32WeightsSoBeforeAndAfterCompareLikeWithLike() throws {
        let (provider, workspace) = try Self.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try Self.run("""
            from transformers import AutoModelForCausalLM
            import labrun
            base = AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")
            pair = {"sent_more": "The nurse was a woman.", "sent_less": "The nurse was a man.",
                    "stereo_antistereo": "stereo", "bias_type": "gender"}
            print(labrun.crows_pairs(base, [pair])["n"])
            """, provider: provider)
        #expect(printed == "1\n")
        let used = try #require(Provenance.of(provider).models.first { $0.task == "labrun.crows_pairs" })
        #expect(used.id == "HuggingFaceTB/SmolLM2-135M-Instruct@float32")
        #expect(used.precision == "float32 (dequantized)")
        #expect(used.weightsSHA256 == nil && used.adapterSHA256 == nil)
    }
}
