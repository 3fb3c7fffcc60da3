import Foundation
import Testing
@testable import Training

/// The models' own dropouts: off in evaluation, one set of masks per seed, and gradients that
/// agree with finite differences under those masks.
@Suite struct DropoutTests {
    /// A GPT-2, a BERT and a Llama case's full models with their dropouts turned on.
    static func models() throws -> [(String, any TrainableModel, TokenBatch)] {
        let gpt2Case = TrainingFixtures.named("tiny-gpt2-small-vocab-full")
        var gpt2 = try TrainableGPT2(directory: TrainingFixtures.url(gpt2Case.model))
        (gpt2.embeddingDropout, gpt2.attentionDropout, gpt2.residualDropout) = (0.1, 0.2, 0.15)
        let bertCase = TrainingFixtures.named("tiny-bert-mlm")
        var bert = try TrainableBERT(directory: TrainingFixtures.url(bertCase.model))
        (bert.hiddenDropout, bert.attentionDropout) = (0.1, 0.2)
        let llamaCase = TrainingFixtures.named("tiny-llama-gqa3-untied-full")
        var llama = try TrainableLlama(directory: TrainingFixtures.url(llamaCase.model))
        llama.attentionDropout = 0.2
        return [("GPT-2", gpt2, try gpt2Case.batch()), ("BERT", bert, try bertCase.batch()), ("Llama", llama, try llamaCase.batch())]
    }

    @Test func dropoutIsOffInEvaluationAndSeeded() throws {
        for (name, model, batch) in try Self.models() {
            var model = model
            let evaluation = try model.loss(batch)
            model.trainingSeed = 3
            let training = try model.loss(batch)
            #expect(training != evaluation, "\(name)")
            #expect(try model.loss(batch) == training, "\(name): one seed, one set of masks")
            model.trainingSeed = nil
            #expect(try model.loss(batch) == evaluation, "\(name)")
        }
    }

    @Test func gradientsUnderDropoutMatchFiniteDifferences() throws {
        for (name, model, batch) in try Self.models() {
            var model = model
            model.trainingSeed = 11
            let gradients = try model.lossAndGradients(batch).gradients
            let norm = gradients.globalNorm
            let original = model.trainableParameters
            func value(at shift: Double) throws -> Double {
                var shifted = original
                for i in shifted.values.indices { shifted.values[i] += Float(shift * Double(gradients.values[i]) / norm) }
                model.trainableParameters = shifted
                return try model.loss(batch)
            }
            // A full model curves more than an adapter: a smaller step keeps the third-order term
            // below float32's noise.
            let slope = (try value(at: 3e-3) - value(at: -3e-3)) / 6e-3
            #expect(abs(slope - norm) <= 2e-3 * norm + 2e-4, "\(name): |g| \(norm), finite difference \(slope)")
        }
    }
}
