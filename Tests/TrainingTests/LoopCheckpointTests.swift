import Foundation
import Testing
@testable import Training

/// A loop's weights and optimizer saved after some steps and restored into a fresh loop go on
/// exactly as the loop that was never stopped (the moments, the step count and so the schedule).
@Suite struct LoopCheckpointTests {
    static let cases = TrainingFixtures.cases.filter { $0.grads_file != nil }

    @Test(arguments: cases)
    func aRestoredLoopTakesTheSameStepsAsAnUnbrokenOne(_ reference: TrainingCase) throws {
        let batch = try reference.batch()
        let settings = TrainingSettings(maxSteps: 4, learningRate: 1e-2, weightDecay: 0.01, scheduleName: "linear", warmupSteps: 1)
        var unbroken = try TrainingLoop(model: try TrainingFixtures.model(for: reference), settings: settings)
        let expected = try unbroken.run(on: batch)

        var first = try TrainingLoop(model: try TrainingFixtures.model(for: reference), settings: settings)
        _ = try first.step(batch)
        _ = try first.step(batch)
        let folder = try SavingTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("weights.safetensors")
        try SafeTensorsWriter.write(first.model.trainableParameters, to: weights)
        try first.saveOptimizerState(to: folder)

        var resumed = try TrainingLoop(model: try TrainingFixtures.model(for: reference), settings: settings)
        try resumed.restore(weights: weights, optimizerIn: folder)
        #expect(resumed.optimizer.state == first.optimizer.state)
        let rest = [try resumed.step(batch), try resumed.step(batch)]
        #expect(rest == Array(expected.suffix(2)))
        #expect(resumed.model.trainableParameters == unbroken.model.trainableParameters)
    }

    @Test func aMissingOptimizerFileNamesItself() throws {
        let reference = try #require(Self.cases.first)
        var loop = try TrainingLoop(model: try TrainingFixtures.model(for: reference), settings: TrainingSettings(maxSteps: 1, learningRate: 1e-2))
        let folder = try SavingTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("weights.safetensors")
        try SafeTensorsWriter.write(loop.model.trainableParameters, to: weights)
        let error = #expect(throws: TrainingError.self) { try loop.restore(weights: weights, optimizerIn: folder) }
        #expect(error?.source == folder.appendingPathComponent("optimizer.safetensors").path)
    }
}
