import Foundation
import LabKit
import LabScript
import Progress
import Testing
@testable import LabRun

/// Checkpoints, resuming, Ctrl-C, the lab's cap and the training-run record, on the tiny GPT-2
/// fixture (full fine-tuning through `Trainer`, LoRA through `labrun.finetune`).
@Suite struct TrainingCheckpointTests {
    static let texts = #"["the nurse said she would be late", "the engineer fixed the bridge", "a doctor and a teacher met", "he said the pilot was early"]"#

    /// Lab code training the tiny GPT-2 with `Trainer` for `steps` steps (linear schedule with
    /// warm-up, so the schedule's position matters), printing every step's loss; `arguments` and
    /// `train` are added to TrainingArguments(...) and trainer.train(...).
    static func trainer(steps: Int, arguments: String = "", train: String = "") -> String {
        """
        from transformers import AutoModelForCausalLM, TrainingArguments, Trainer
        model = AutoModelForCausalLM.from_pretrained("FIXTURES/tiny-gpt2")
        args = TrainingArguments(output_dir="tiny", max_steps=\(steps), learning_rate=1e-2, per_device_train_batch_size=2,
                                 logging_steps=1, warmup_steps=2, seed=3\(arguments))
        trainer = Trainer(model=model, args=args, train_dataset=\(texts))
        result = trainer.train(\(train))
        print(result.global_step)
        print([entry["loss"] for entry in trainer.state.log_history if "loss" in entry])
        """
    }

    /// The losses the code printed on its last line.
    static func losses(_ printed: String) -> [Double] {
        let last = printed.split(separator: "\n").last.map(String.init) ?? ""
        return last.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
    }

    static func expectSame(_ resumed: [Double], _ reference: [Double]) {
        #expect(resumed.count == reference.count)
        for (a, b) in zip(resumed, reference) { #expect(abs(a - b) <= 1e-6, "\(a) vs \(b)") }
    }

    static func checkpoint(_ step: Int, in workspace: URL, output: String = "tiny") -> URL {
        workspace.appendingPathComponent("labrun-work/models/\(output)/checkpoint-\(step)")
    }

    @Test func sixStepsEqualThreeStepsThenAResumeForThreeMore() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let reference = try TrainingActionTests.run(Self.trainer(steps: 6, arguments: #", save_strategy="steps", save_steps=3"#), provider: provider)
        let folder = Self.checkpoint(3, in: workspace)
        for file in ["model.safetensors", "config.json", "optimizer.safetensors", "trainer_state.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("trainer_state.json"))) as? [String: Any]
        #expect(state?["global_step"] as? Int == 3)
        #expect((state?["log_history"] as? [Any])?.count == 3)
        #expect((state?["hyperparameters"] as? [String: Any])?["save_steps"] as? Int == 3)

        // A fresh model resumes from step 3 and takes steps 4 to 6 exactly as the 6-step run did.
        let resumed = try TrainingActionTests.run(Self.trainer(steps: 6, train: #"resume_from_checkpoint="checkpoint-3""#), provider: provider)
        #expect(resumed.hasPrefix("6\n"))
        Self.expectSame(Self.losses(resumed), Self.losses(reference))
        #expect(Self.losses(reference).count == 6)
        let runs = provider.training.runs
        #expect(runs.count == 2)
        #expect(runs.map(\.weightsDigest).count == 2 && runs[0].weightsDigest == runs[1].weightsDigest)
    }

    @Test func aLoRAFineTuneResumesFromItsAdapterCheckpoint() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let code = """
            import labrun
            tuned = labrun.finetune("FIXTURES/tiny-gpt2", \(Self.texts), lora={"r": 2, "lora_alpha": 4}, max_steps=4, batch_size=2,
                                    learning_rate=1e-2, logging_steps=1, output_dir="tiny-lora", save_steps=2RESUME)
            print([entry["loss"] for entry in tuned.log_history])
            """
        let reference = try TrainingActionTests.run(code.replacingOccurrences(of: "RESUME", with: ""), provider: provider)
        let folder = Self.checkpoint(2, in: workspace, output: "tiny-lora")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapter_model.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapter_config.json").path))
        let resumed = try TrainingActionTests.run(code.replacingOccurrences(of: "RESUME", with: #", resume_from_checkpoint="tiny-lora/checkpoint-2""#),
                                                  provider: provider)
        Self.expectSame(Self.losses(resumed), Self.losses(reference))
        #expect(provider.training.runs.map(\.method) == ["lora", "lora"])
    }

    @Test func saveTotalLimitKeepsTheNewestCheckpoints() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        _ = try TrainingActionTests.run(Self.trainer(steps: 6, arguments: #", save_strategy="steps", save_steps=2, save_total_limit=2"#),
                                        provider: provider)
        let output = workspace.appendingPathComponent("labrun-work/models/tiny")
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == ["checkpoint-4", "checkpoint-6"])
    }

    @Test func resumingTakesTheLatestCompleteCheckpointAndIgnoresHalfWrittenOnes() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let reference = try TrainingActionTests.run(Self.trainer(steps: 5), provider: provider)
        _ = try TrainingActionTests.run(Self.trainer(steps: 5, arguments: #", save_strategy="steps", save_steps=3"#), provider: provider)
        // What a kill leaves: a temp folder mid-write and a later checkpoint folder without its state.
        let output = workspace.appendingPathComponent("labrun-work/models/tiny")
        let partial = output.appendingPathComponent(".checkpoint-8.partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: partial.appendingPathComponent("model.safetensors"))
        let incomplete = output.appendingPathComponent("checkpoint-7")
        try FileManager.default.createDirectory(at: incomplete, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: incomplete.appendingPathComponent("optimizer.safetensors"))
        let resumed = try TrainingActionTests.run(Self.trainer(steps: 5, train: "resume_from_checkpoint=True"), provider: provider)
        Self.expectSame(Self.losses(resumed), Self.losses(reference))
    }

    @Test func anInterruptStopsAfterTheStepSavesACheckpointAndTheRunResumes() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let reference = try TrainingActionTests.run(Self.trainer(steps: 4), provider: provider)
        let interrupt = TrainingInterrupt()
        provider.training.interrupt = interrupt
        interrupt.request()    // as if Ctrl-C came during the first step
        let error = #expect(throws: (any Error).self) { try TrainingActionTests.run(Self.trainer(steps: 4), provider: provider) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("KeyboardInterrupt"))
        #expect(message.contains("training interrupted after step 1 of 4"))
        #expect(message.contains("labrun-work/models/tiny/checkpoint-1"))
        #expect(message.contains("resume_from_checkpoint"))
        #expect(provider.training.runs.last?.outcome == .interrupted)
        #expect(provider.training.runs.last?.globalStep == 1)
        #expect(FileManager.default.fileExists(atPath: Self.checkpoint(1, in: workspace).appendingPathComponent("trainer_state.json").path))
        provider.training.interrupt = TrainingInterrupt()
        let resumed = try TrainingActionTests.run(Self.trainer(steps: 4, train: "resume_from_checkpoint=True"), provider: provider)
        Self.expectSame(Self.losses(resumed), Self.losses(reference))
        #expect(provider.training.runs.last?.outcome == .completed)
    }

    @Test("a missing, foreign or corrupt checkpoint is a clear error naming the folder and the fix", arguments: [
        ("resume_from_checkpoint=True", "there is no complete checkpoint in"),
        (#"resume_from_checkpoint="checkpoint-9""#, "checkpoint-9 is not a complete checkpoint"),
        (#"resume_from_checkpoint="../elsewhere/checkpoint-1""#, "is not a folder name inside your workspace"),
        ("resume_from_checkpoint=3", "resume_from_checkpoint must be True"),
    ])
    func missingCheckpoint(train: String, message: String) throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let error = #expect(throws: (any Error).self) { try TrainingActionTests.run(Self.trainer(steps: 2, train: train), provider: provider) }
        #expect("\(error.map { "\($0)" } ?? "")".contains(message))
    }

    @Test func aCorruptCheckpointNamesItsFolderAndTheFix() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        _ = try TrainingActionTests.run(Self.trainer(steps: 2, arguments: #", save_strategy="steps", save_steps=2"#), provider: provider)
        try Data("not safetensors".utf8).write(to: Self.checkpoint(2, in: workspace).appendingPathComponent("optimizer.safetensors"))
        let error = #expect(throws: (any Error).self) {
            try TrainingActionTests.run(Self.trainer(steps: 4, train: "resume_from_checkpoint=True"), provider: provider)
        }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("cannot resume from \(Self.checkpoint(2, in: workspace).path)"))
        #expect(message.contains("delete that folder"))
    }

    @Test("save settings are checked", arguments: [
        (#"save_strategy="epoch""#, "save_strategy=\"epoch\" is not supported"),
        ("save_steps=5", "save_steps needs save_strategy=\"steps\""),
        (#"save_strategy="steps", save_steps=0"#, "save_steps must be at least 1"),
        ("save_total_limit=0", "save_total_limit must be at least 1"),
    ])
    func saveSettings(arguments: String, message: String) throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let error = #expect(throws: (any Error).self) {
            try TrainingActionTests.run(Self.trainer(steps: 2, arguments: ", " + arguments), provider: provider)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains(message))
    }

    @Test func theLabsCapCutsTrainerAndFinetuneRunsAndTheOutputsSaySo() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        provider.training.cap = TrainingCap(steps: 2)
        let printed = try TrainingActionTests.run(Self.trainer(steps: 5), provider: provider)
        #expect(printed.hasPrefix("2\n"))
        #expect(Self.losses(printed).count == 2)
        let tuned = try TrainingActionTests.run("""
            import labrun
            tuned = labrun.finetune("FIXTURES/tiny-gpt2", \(Self.texts), lora=None, max_steps=5, batch_size=2, logging_steps=4)
            print([entry["step"] for entry in tuned.log_history])
            """, provider: provider)
        #expect(tuned == "[2]\n")
        #expect(provider.training.runs.map(\.globalStep) == [2, 2])
        provider.training.cap = TrainingCap(seconds: 0.001)
        let timed = try TrainingActionTests.run(Self.trainer(steps: 5), provider: provider)
        #expect(timed.hasPrefix("1\n"))
    }

    @Test func everyRunIsNotedWithItsLossesDigestAndHyperparameters() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let printed = try TrainingActionTests.run(Self.trainer(steps: 3), provider: provider)
        let run = try #require(provider.training.runs.first)
        #expect(run.baseModel.hasSuffix("tiny-gpt2"))
        #expect(run.method == "full")
        #expect(run.losses == Self.losses(printed))
        #expect(run.globalStep == 3 && run.outcome == .completed && run.failure == nil)
        #expect(run.weightsDigest.count == 64 && run.weightsDigest.allSatisfy(\.isHexDigit))
        #expect(run.tokensPerSecond > 0 && run.seconds > 0)
        let hyperparameters = try JSONSerialization.jsonObject(with: Data(run.hyperparameters.utf8)) as? [String: Any]
        #expect(hyperparameters?["max_steps"] as? Int == 3)
        #expect(hyperparameters?["learning_rate"] as? Double == 1e-2)
    }

    @Test(.enabled(if: TrainingActionTests.smolLM2Installed, "SmolLM2-135M-Instruct is not installed (make setup)"))
    func aSmolLM2AdapterResumesLossForLoss() throws {
        let (provider, workspace) = try TrainingActionTests.provider()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let code = """
            from transformers import AutoModelForCausalLM, TrainingArguments, Trainer
            from peft import LoraConfig, get_peft_model
            model = get_peft_model(AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct"),
                                   LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
            args = TrainingArguments(output_dir="smol", max_steps=2, learning_rate=1e-3, per_device_train_batch_size=2,
                                     logging_steps=1, save_strategy="steps", save_steps=1)
            trainer = Trainer(model=model, args=args, train_dataset=["The nurse said she was late.", "The engineer fixed it."])
            trainer.train(RESUME)
            print([entry["loss"] for entry in trainer.state.log_history if "loss" in entry])
            """
        let reference = try TrainingActionTests.run(code.replacingOccurrences(of: "RESUME", with: ""), provider: provider)
        #expect(FileManager.default.fileExists(atPath: Self.checkpoint(1, in: workspace, output: "smol")
            .appendingPathComponent("adapter_model.safetensors").path))
        let resumed = try TrainingActionTests.run(code.replacingOccurrences(of: "RESUME", with: #"resume_from_checkpoint="checkpoint-1""#),
                                                  provider: provider)
        Self.expectSame(Self.losses(resumed), Self.losses(reference))
        #expect(Self.losses(reference).count == 2)
    }
}
