import Foundation
import Testing
@testable import Training

/// Accumulating micro-batches gives the step of the whole batch: the mean over every counted token.
@Suite struct GradientAccumulationTests {
    static let cases = TrainingFixtures.cases.filter { $0.input_ids != nil && $0.grads_file != nil && $0.input_ids!.count >= 2 }

    @Test(arguments: cases)
    func twoMicroBatchesMakeTheWholeBatchStep(_ reference: TrainingCase) throws {
        let whole = try reference.batch()
        let half = whole.batchSize / 2
        func rows(_ range: Range<Int>) throws -> TokenBatch {
            try TokenBatch(inputIDs: Array(whole.inputIDs[range]), attentionMask: Array(whole.attentionMask[range]), labels: Array(whole.labels[range]))
        }
        let parts = [try rows(0..<half), try rows(half..<whole.batchSize)]
        let model = try TrainingFixtures.model(for: reference)
        let settings = TrainingSettings(maxSteps: 1, learningRate: 1e-3)
        var accumulated = try TrainingLoop(model: model, settings: settings)
        var single = try TrainingLoop(model: model, settings: settings)
        let a = try accumulated.step(accumulating: parts), b = try single.step(whole)
        #expect(abs(a.loss - b.loss) < 1e-5, "loss \(a.loss) vs \(b.loss)")
        #expect(abs(a.gradNorm - b.gradNorm) / b.gradNorm < 1e-5, "grad norm \(a.gradNorm) vs \(b.gradNorm)")
        #expect(relativeError(accumulated.model.trainableParameters.values, single.model.trainableParameters.values) < 1e-5)
    }

    @Test func stepWithoutLabelsIsRefused() throws {
        let model = try TrainableLlama(directory: TrainingFixtures.url("models/tiny-llama"))
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 1, learningRate: 1e-3))
        #expect(throws: TrainingError.self) { try loop.step(accumulating: []) }
    }
}
