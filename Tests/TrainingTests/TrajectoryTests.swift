import Foundation
import Testing
import Inference
@testable import Training

/// Five steps of clipping and AdamW over the fixture batch reproduce PyTorch's losses and norms.
@Suite struct TrajectoryTests {
    /// Runs `reference`'s trainer settings on `model` and checks every logged loss and norm.
    static func check(_ model: any TrainableModel, against reference: TrainingCase) throws {
        let trainer = try #require(reference.trainer ?? reference.adamw)
        let settings = TrainingSettings(maxSteps: trainer.stepCount, learningRate: trainer.learning_rate,
                                        weightDecay: trainer.weight_decay ?? 0, maxGradNorm: trainer.max_grad_norm,
                                        betas: trainer.betas.map { ($0[0], $0[1]) } ?? (0.9, 0.999), epsilon: trainer.eps ?? 1e-8,
                                        scheduleName: trainer.lr_scheduler_type ?? "constant", warmupSteps: trainer.warmup_steps ?? 0)
        var loop = try TrainingLoop(model: model, settings: settings)
        let records = try loop.run(on: reference.batch())
        #expect(records.count == trainer.losses.count)
        if let rates = trainer.learning_rates {
            #expect(zip(records, rates).allSatisfy { abs($0.learningRate - $1) <= 1e-12 + 1e-9 * $1 }, "rates \(records.map(\.learningRate)) vs \(rates)")
        }
        var lossError = 0.0, normError = 0.0
        for (record, (loss, norm)) in zip(records, zip(trainer.losses, trainer.grad_norms)) {
            #expect(abs(record.loss - loss) < 1e-4, "step \(record.step): loss \(record.loss) vs \(loss)")
            #expect(abs(record.gradNorm - norm) / norm < 1e-4, "step \(record.step): grad norm \(record.gradNorm) vs \(norm)")
            lossError = max(lossError, abs(record.loss - loss))
            normError = max(normError, abs(record.gradNorm - norm) / norm)
        }
        print("\(reference.name): \(records.count) steps, max loss error \(lossError) (absolute), max grad-norm error \(normError) (relative)")
    }

    @Test(arguments: TrainingFixtures.cases.filter { $0.trainer != nil || $0.adamw != nil })
    func trajectoryFollowsPyTorch(_ reference: TrainingCase) throws {
        try Self.check(TrainingFixtures.model(for: reference), against: reference)
    }

    @Test func peftAdapterIsReadWithItsConfiguration() throws {
        let reference = TrainingFixtures.named("tiny-llama-lora")
        var model = try TrainableLlama(directory: TrainingFixtures.url(reference.model))
        try model.attachLoRA(directory: TrainingFixtures.url(try #require(reference.adapter_init)))
        let lora = try #require(reference.lora)
        #expect(model.adapter?.configuration == LoRAConfiguration(rank: lora.r, alpha: lora.lora_alpha, targetModules: lora.target_modules))
        #expect(model.adapter?.parameters.layout.slots.count == 8)
        #expect(model.trainableParameters.layout.count == 2 * (4 * 32 + 32 * 4) + 2 * (4 * 32 + 16 * 4))
    }
}

/// The schedules against transformers' `get_scheduler` values.
@Suite struct LearningRateScheduleTests {
    @Test func linearWarmsUpThenFallsToZero() throws {
        let schedule = try LearningRateSchedule(name: "linear", warmupSteps: 2, totalSteps: 5)
        #expect((0..<6).map { schedule.factor(afterSteps: $0) } == [0, 0.5, 1, 2.0 / 3, 1.0 / 3, 0])
    }

    @Test func cosineFollowsHalfACosine() throws {
        let schedule = try LearningRateSchedule(name: "cosine", warmupSteps: 1, totalSteps: 5)
        let expected = [0, 1, 0.8535533905932737, 0.5, 0.14644660940672627]
        #expect(zip((0..<5).map { schedule.factor(afterSteps: $0) }, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func unknownScheduleNamesTheKnownOnes() {
        #expect { try LearningRateSchedule(name: "polynomial", warmupSteps: 0, totalSteps: 5) } throws: {
            "\($0)".contains("constant_with_warmup")
        }
    }
}
