import Foundation
import Testing
import Inference
@testable import Training

/// The loss and every parameter's gradient on each fixture batch, against PyTorch.
@Suite struct GradientConformanceTests {
    /// The cases that carry a gradient file.
    static let cases = TrainingFixtures.cases.filter { $0.grads_file != nil }

    @Test(arguments: cases)
    func lossMatchesTransformers(_ reference: TrainingCase) throws {
        let model = try TrainingFixtures.model(for: reference)
        let loss = try model.loss(reference.batch())
        let expected = try #require(reference.loss, "\(reference.name) has a gradient file but no loss")
        #expect(abs(loss - expected) / expected < 1e-4, "loss \(loss) vs \(expected)")
    }

    @Test(arguments: cases)
    func everyParameterGradientMatchesPyTorch(_ reference: TrainingCase) throws {
        let model = try TrainingFixtures.model(for: reference)
        let result = try model.lossAndGradients(reference.batch())
        if let loss = reference.loss { #expect(abs(result.loss - loss) / loss < 1e-4) }
        let expected = try reference.referenceGradients()
        #expect(Set(expected.keys) == Set(result.gradients.layout.slots.map(\.name)))
        var worst = (name: "", error: 0.0)
        for slot in result.gradients.layout.slots {
            let wanted = try #require(expected[slot.name], "no reference gradient for \(slot.name)")
            let actual = try #require(result.gradients.tensor(slot.name))
            #expect(actual.shape == wanted.shape)
            let error = relativeError(actual.scalars, wanted.scalars)
            #expect(error < 1e-4, "\(slot.name): relative error \(error)")
            if error > worst.error { worst = (slot.name, error) }
            // param_grad_norms are torch's float32 reductions (1e-4 off for a million values), so
            // the norms are compared with the norm of the reference tensor itself.
            let norm = wanted.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let ours = try #require(result.gradients.norm(of: slot.name))
            #expect(abs(ours - norm) <= 1e-4 * norm + 1e-9, "\(slot.name): norm \(ours) vs \(norm)")
        }
        let norm = result.gradients.globalNorm
        if let expected = reference.grad_norm {
            #expect(abs(norm - expected) / expected < 1e-4, "grad norm \(norm) vs \(expected)")
        }
        print("\(reference.name): loss \(result.loss) (reference \(reference.loss ?? .nan)), grad norm \(norm) (reference \(reference.grad_norm ?? .nan)), worst gradient \(worst.name) relative error \(worst.error)")
    }
}
