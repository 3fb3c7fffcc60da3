import Foundation
import Testing
import Inference
@testable import Training

/// The loss and every parameter's gradient of tiny-llama on the fixture batch, against PyTorch.
@Suite struct LlamaGradientTests {
    static let reference = TrainingFixtures.named("tiny-llama-full")

    @Test func lossMatchesTransformers() throws {
        let model = try TrainableLlama(directory: TrainingFixtures.url(Self.reference.model))
        let loss = try model.loss(Self.reference.batch())
        #expect(abs(loss - Self.reference.loss!) / Self.reference.loss! < 1e-4, "loss \(loss) vs \(Self.reference.loss!)")
    }

    @Test func everyParameterGradientMatchesPyTorch() throws {
        let model = try TrainableLlama(directory: TrainingFixtures.url(Self.reference.model))
        let result = try model.lossAndGradients(Self.reference.batch())
        #expect(abs(result.loss - Self.reference.loss!) / Self.reference.loss! < 1e-4)
        let expected = try Self.reference.referenceGradients()
        #expect(Set(expected.tensors.keys) == Set(result.gradients.layout.slots.map(\.name)))
        var worst = (name: "", error: 0.0)
        for slot in result.gradients.layout.slots {
            let reference = try expected.tensor(slot.name)
            let actual = try #require(result.gradients.tensor(slot.name))
            #expect(actual.shape == reference.shape)
            let error = relativeError(actual.scalars, reference.scalars)
            #expect(error < 1e-4, "\(slot.name): relative error \(error)")
            if error > worst.error { worst = (slot.name, error) }
        }
        let norm = result.gradients.globalNorm
        #expect(abs(norm - Self.reference.grad_norm!) / Self.reference.grad_norm! < 1e-4, "grad norm \(norm) vs \(Self.reference.grad_norm!)")
        print("tiny-llama-full: loss \(result.loss) (reference \(Self.reference.loss!)), grad norm \(norm) (reference \(Self.reference.grad_norm!)), worst gradient \(worst.name) relative error \(worst.error)")
    }
}
