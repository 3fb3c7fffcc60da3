import Foundation
import Inference
import LabScript
import Testing
@testable import LabRun

/// Trained GPT-2 and BERT models from lab code: a masked LM trained with masked-LM collation, both
/// kinds run in pipelines and metrics with their current weights, adapters loaded frozen or
/// trainable as peft does, and a provenance that names the base, the adapter and the training run.
@Suite struct TrainedModelActionTests {
    static let pair = """
        {"sent_more": "the nurse was a woman.", "sent_less": "the nurse was a man.", "stereo_antistereo": "stereo", "bias_type": "gender"}
        """

    /// SHA-256 over the float32 tensors of a safetensors file, in the order of their names: what a
    /// learner can recompute from saved files to check a provenance line.
    static func tensorDigest(_ file: URL) throws -> String {
        let tensors = try SafeTensors(contentsOf: file).tensors
        return FileDigest.sha256Hex { feed in
            for name in tensors.keys.sorted() {
                tensors[name]!.scalars.withUnsafeBytes { feed($0) }
            }
        }
    }

    @Test func aMaskedLMTrainsOnSeededMasksAndRunsInFillMaskAndTheMetrics() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try TrainingActionTests.run("""
            from transformers import AutoModelForMaskedLM, AutoTokenizer, TrainingArguments, Trainer, DataCollatorForLanguageModeling, pipeline
            import labrun
            model = AutoModelForMaskedLM.from_pretrained("FIXTURES/tiny-bert-mlm")
            print(model)
            tokenizer = AutoTokenizer.from_pretrained("FIXTURES/tiny-bert-mlm")
            texts = ["the nurse said she would be late.", "the engineer fixed the bridge.", "the doctor said he was tired."]
            collator = DataCollatorForLanguageModeling(tokenizer, mlm=True, mlm_probability=0.15)
            args = TrainingArguments(output_dir="bert", max_steps=8, learning_rate=1e-2, per_device_train_batch_size=3,
                                     lr_scheduler_type="constant", seed=1)
            trainer = Trainer(model=model, args=args, train_dataset=texts, eval_dataset=texts, data_collator=collator)
            before = trainer.evaluate()["eval_loss"]
            print(before == trainer.evaluate()["eval_loss"])
            trainer.train()
            print(trainer.evaluate()["eval_loss"] < before)
            unmasker = pipeline("fill-mask", model=model)
            print(len(unmasker("the nurse said [MASK] would be late.")))
            print(labrun.crows_pairs(model, [\(Self.pair)])["n"])
            print(labrun.stereoset(model)["n"] > 0)
            trainer.save_model()
            """, provider: provider)
        #expect(printed == "<BertForMaskedLM '\(TrainingActionTests.fixtures.path)/tiny-bert-mlm'>\nTrue\nTrue\n5\n1\nTrue\n")
        let provenance = Provenance.of(provider)
        let trained = try #require(provenance.models.first { $0.id.hasSuffix("tiny-bert-mlm@trained-1") }, "\(provenance.models.map(\.id))")
        let saved = workspace.appendingPathComponent("labrun-work/models/bert/model.safetensors")
        #expect(trained.weightsSHA256 == String(try Self.tensorDigest(saved).prefix(12)))
        let base = TrainingActionTests.fixtures.appendingPathComponent("tiny-bert-mlm/model.safetensors")
        #expect(trained.baseSHA256 == String(try FileDigest.hex(of: base).prefix(12)))
        #expect(trained.adapterSHA256 == nil)
        #expect(trained.training == Provenance.Training(steps: 8, learningRate: 1e-2, seed: 1, trainer: "Trainer"))
        #expect(Set(provenance.models.filter { $0.id == trained.id }.map(\.task)) == ["fill-mask", "labrun.crows_pairs", "labrun.stereoset"])
    }

    @Test func aLoRATrainedBERTFillsMasksAfterOneStepAndItsSavedAdapterReloadsFrozenToTheSameScores() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try TrainingActionTests.run("""
            from transformers import AutoModelForMaskedLM, TrainingArguments, Trainer, pipeline
            from peft import LoraConfig, get_peft_model, PeftModel
            model = get_peft_model(AutoModelForMaskedLM.from_pretrained("FIXTURES/tiny-bert-mlm"), LoraConfig(r=4, lora_alpha=8))
            print(model)
            texts = ["the nurse said she would be late.", "the engineer fixed the bridge."]
            Trainer(model=model, args=TrainingArguments(output_dir="bert-lora", max_steps=1, learning_rate=1e-2,
                    per_device_train_batch_size=2, seed=0), train_dataset=texts).train()
            trained = pipeline("fill-mask", model=model)("the nurse said [MASK] would be late.")
            model.save_pretrained("bert-lora")
            again = PeftModel.from_pretrained(AutoModelForMaskedLM.from_pretrained("FIXTURES/tiny-bert-mlm"), "bert-lora")
            reloaded = pipeline("fill-mask", model=again)("the nurse said [MASK] would be late.")
            plain = pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")("the nurse said [MASK] would be late.")
            print([r["token_str"] for r in trained] == [r["token_str"] for r in reloaded])
            print(max(abs(a["score"] - b["score"]) for a, b in zip(trained, reloaded)) < 1e-6)
            print(trained[0]["score"] != plain[0]["score"])
            """, provider: provider)
        #expect(printed == "<PeftModel '\(TrainingActionTests.fixtures.path)/tiny-bert-mlm' with a LoRA adapter>\nTrue\nTrue\nTrue\n")
        let ids = Set(Provenance.of(provider).models.map(\.id))
        #expect(ids.contains("\(TrainingActionTests.fixtures.path)/tiny-bert-mlm+lora@trained-2"), "\(ids)")
        #expect(ids.contains("\(TrainingActionTests.fixtures.path)/tiny-bert-mlm+lora@trained-1"), "the reloaded adapter: \(ids)")
    }

    @Test func aLoRATrainedGPT2RunsInTextGenerationAndMetricsWithItsProvenance() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try TrainingActionTests.run("""
            from transformers import AutoModelForCausalLM, TrainingArguments, Trainer, pipeline
            from peft import LoraConfig, get_peft_model
            import labrun
            model = get_peft_model(AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2"), LoraConfig(r=4, lora_alpha=8))
            texts = ["the nurse said she would be late", "the engineer fixed the bridge"]
            trainer = Trainer(model=model, args=TrainingArguments(output_dir="gpt2-lora", max_steps=1, learning_rate=3e-4,
                              per_device_train_batch_size=2, seed=0), train_dataset=texts)
            trainer.train()
            generator = pipeline("text-generation", model=model)
            print(len(generator("the nurse said", max_new_tokens=3, do_sample=False)[0]["generated_text"]) > len("the nurse said"))
            print(labrun.crows_pairs(model, [\(Self.pair)])["n"])
            model.save_pretrained("gpt2-lora")
            """, provider: provider)
        #expect(printed == "True\n1\n")
        let provenance = Provenance.of(provider)
        let trained = try #require(provenance.models.first { $0.task == "text-generation" })
        let folder = TrainingActionTests.fixtures.appendingPathComponent("tiny-gpt2")
        let adapter = String(try Self.tensorDigest(workspace.appendingPathComponent("labrun-work/models/gpt2-lora/adapter_model.safetensors")).prefix(12))
        let base = String(try FileDigest.hex(of: folder.appendingPathComponent("model.safetensors")).prefix(12))
        #expect(trained.id == "\(folder.path)+lora@trained-2")
        #expect(provenance.summaryLines.contains(
            "\(folder.path)+lora@trained-2 · base sha256 \(base) · adapter sha256 \(adapter) · trained 1 step, lr 3e-4, seed 0 (Trainer) · byte-level BPE · float32 (trained)"),
            "\(provenance.summaryLines)")
        #expect(trained.weightsSHA256 == nil)
        #expect(provenance.record["model2_adapter_sha256"] == adapter || provenance.record["model3_adapter_sha256"] == adapter, "\(provenance.record)")
        let json = try CommandOutput.json(provenance)
        #expect(json.contains("\"adapter_sha256\" : \"\(adapter)\""))
        #expect(json.contains("\"base_sha256\" : \"\(base)\""))
        #expect(json.contains("\"learning_rate\" : 0.0003"))
        #expect(json.contains("\"trainer\" : \"Trainer\""))
    }

    @Test func aFinetunedModelsProvenanceNamesFinetune() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        _ = try TrainingActionTests.run("""
            import labrun
            tuned = labrun.finetune("FIXTURES/tiny-gpt2", ["he said the nurse was late", "she fixed the bridge"], lora={"r": 2, "target_modules": ["c_attn"]},
                                    max_steps=2, batch_size=2, learning_rate=2.5e-4, seed=4)
            labrun.crows_pairs(tuned, [\(Self.pair)])
            """, provider: provider)
        let trained = try #require(Provenance.of(provider).models.first { $0.task == "labrun.crows_pairs" })
        #expect(trained.training?.summary == "trained 2 steps, lr 2.5e-4, seed 4 (labrun.finetune)")
    }

    @Test func anAdapterLoadsFrozenByDefaultAndTrainableWhenAskedAsInPeft() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let setup = """
            from transformers import AutoModelForCausalLM, TrainingArguments, Trainer
            from peft import LoraConfig, get_peft_model, PeftModel
            texts = ["the nurse said she would be late", "the engineer fixed the bridge"]
            args = TrainingArguments(output_dir="adapter", max_steps=2, learning_rate=1e-2, per_device_train_batch_size=2, seed=0)
            model = get_peft_model(AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2"), LoraConfig(r=4, target_modules=["c_attn"]))
            trainer = Trainer(model=model, args=args, train_dataset=texts)
            trainer.train()
            trained_loss = trainer.evaluate(texts)["eval_loss"]
            model.save_pretrained("adapter")
            """
        let printed = try TrainingActionTests.run(setup + """

            frozen = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2"), "adapter")
            frozen.print_trainable_parameters()
            print(abs(Trainer(model=frozen, args=args, train_dataset=texts).evaluate(texts)["eval_loss"] - trained_loss) < 1e-6)
            again = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2"), "adapter", is_trainable=True)
            more = Trainer(model=again, args=args, train_dataset=texts)
            more.train()
            print(more.evaluate(texts)["eval_loss"] < trained_loss)
            """, provider: provider)
        #expect(printed.hasPrefix("trainable params: 0 || all params: "), "\(printed)")
        #expect(printed.hasSuffix("\nTrue\nTrue\n"), "\(printed)")
        do {
            _ = try TrainingActionTests.run(setup + """

                frozen = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2"), "adapter")
                Trainer(model=frozen, args=args, train_dataset=texts).train()
                """, provider: provider)
            Issue.record("a frozen adapter trained")
        } catch let error as LabScriptError {
            #expect(error.message.contains("is_trainable=True"), "\(error.message)")
            #expect(error.range?.line == 11)
        }
    }

    @Test("the wrong kind of model or collator is a clear error at the call", arguments: [
        ("AutoModelForCausalLM.from_pretrained('FIXTURES/tiny-bert-mlm')", "open it with AutoModelForMaskedLM.from_pretrained"),
        ("AutoModelForMaskedLM.from_pretrained('FIXTURES/tiny-gpt2')", "open it with AutoModelForCausalLM.from_pretrained"),
        ("pipeline('text-generation', model=bert)", "is a masked language model and cannot run text-generation"),
        ("pipeline('feature-extraction', model=gpt2)", "is a causal language model and cannot run feature-extraction"),
        ("Trainer(model=bert, args=args, train_dataset=['a b c'], data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False))", "mlm=True"),
        ("Trainer(model=gpt2, args=args, train_dataset=['a b c'], data_collator=DataCollatorForLanguageModeling(tokenizer))", "mlm=False"),
        ("Trainer(model=bert, args=args, train_dataset=['a b c'], data_collator='mlm')", "must be DataCollatorForLanguageModeling"),
        ("DataCollatorForLanguageModeling(tokenizer, mlm_probability=0)", "must be in (0, 1]"),
        ("DataCollatorForLanguageModeling('bert')", "needs the model's tokenizer"),
        ("Trainer(model=bert, args=args, train_dataset=[{'prompt': 'a', 'completion': 'b'}])", "learns from whole texts"),
        ("labrun.finetune(bert, ['a b c'])", "finetune trains causal models"),
    ])
    func wrongKind(line: String, message: String) throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        do {
            _ = try TrainingActionTests.run("""
                from transformers import AutoModelForCausalLM, AutoModelForMaskedLM, AutoTokenizer, TrainingArguments, Trainer, DataCollatorForLanguageModeling, pipeline
                import labrun
                bert = AutoModelForMaskedLM.from_pretrained("FIXTURES/tiny-bert-mlm")
                gpt2 = AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2")
                tokenizer = AutoTokenizer.from_pretrained("FIXTURES/tiny-bert-mlm")
                args = TrainingArguments(output_dir="x", max_steps=1)
                \(line)
                """, provider: provider)
            Issue.record("no error for \(line)")
        } catch let error as LabScriptError {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.range?.line == 7)
        }
    }
}
