import Foundation
import Testing
@testable import Training

/// A trained model is saved as transformers and PEFT save models, and loads back to the same loss.
@Suite struct SavingTests {
    static let loraCases = TrainingFixtures.cases.filter { $0.adapter_init != nil && $0.grads_file != nil }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-training-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The case's model after two training steps, so that the saved values are not the fixture's.
    static func trained(_ reference: TrainingCase) throws -> any TrainableModel {
        let model = try TrainingFixtures.model(for: reference)
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 2, learningRate: 1e-2))
        _ = try loop.run(on: reference.batch())
        return loop.model
    }

    @Test(arguments: loraCases)
    func savedAdapterLoadsToTheSameLoss(_ reference: TrainingCase) throws {
        let model = try Self.trained(reference)
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.saveAdapter(to: folder)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("adapter_config.json"))) as? [String: Any]
        #expect(config?["peft_type"] as? String == "LORA")
        var reloaded = try TrainableModels.load(directory: TrainingFixtures.url(reference.model))
        try reloaded.attachLoRA(directory: folder)
        #expect(reloaded.trainableParameters == model.trainableParameters)
        let batch = try reference.batch()
        #expect(try reloaded.loss(batch) == model.loss(batch))
    }

    @Test(arguments: loraCases)
    func mergedModelComputesWhatBasePlusAdapterComputed(_ reference: TrainingCase) throws {
        let model = try Self.trained(reference)
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.save(to: folder)
        let merged = try TrainableModels.load(directory: folder)
        #expect(merged.adapter == nil)
        let batch = try reference.batch()
        let adapted = try model.loss(batch), plain = try merged.loss(batch)
        #expect(abs(adapted - plain) < 1e-5, "adapted \(adapted) vs merged \(plain)")
        if let initial = reference.loss { #expect(abs(adapted - initial) > 1e-4, "training should have moved the loss") }
    }

    @Test func savingWithoutAnAdapterSaysSo() throws {
        let model = try TrainableLlama(directory: TrainingFixtures.url("models/tiny-llama"))
        let folder = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { try model.saveAdapter(to: folder) } throws: { "\($0)".contains("no LoRA adapter") }
    }
}
