import Foundation
import Testing
import Inference
@testable import Training

/// Five steps of clipping and AdamW over the fixture batch reproduce PyTorch's losses and norms.
@Suite struct TrajectoryTests {
    /// Runs `reference`'s trainer settings on `model` and checks every logged loss and norm.
    static func check<Model: TrainableModel>(_ model: Model, against reference: TrainingCase) throws {
        let trainer = try #require(reference.trainer ?? reference.adamw)
        let settings = TrainingSettings(maxSteps: trainer.stepCount, learningRate: trainer.learning_rate,
                                        weightDecay: trainer.weight_decay, maxGradNorm: trainer.max_grad_norm,
                                        betas: trainer.betas.map { ($0[0], $0[1]) } ?? (0.9, 0.999), epsilon: trainer.eps ?? 1e-8)
        var loop = try TrainingLoop(model: model, settings: settings)
        let records = try loop.run(on: reference.batch())
        #expect(records.count == trainer.losses.count)
        var lossError = 0.0, normError = 0.0
        for (record, (loss, norm)) in zip(records, zip(trainer.losses, trainer.grad_norms)) {
            #expect(abs(record.loss - loss) < 1e-4, "step \(record.step): loss \(record.loss) vs \(loss)")
            #expect(abs(record.gradNorm - norm) / norm < 1e-4, "step \(record.step): grad norm \(record.gradNorm) vs \(norm)")
            lossError = max(lossError, abs(record.loss - loss))
            normError = max(normError, abs(record.gradNorm - norm) / norm)
        }
        print("\(reference.name): \(records.count) steps, max loss error \(lossError) (absolute), max grad-norm error \(normError) (relative)")
    }

    @Test(arguments: TrainingFixtures.cases)
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
