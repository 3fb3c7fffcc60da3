import Foundation
import Testing
import Inference
@testable import Training

/// A trained GPT-2 or BERT rebuilt as an inference model (the adapter merged into a copy) computes
/// the logits the training forward computes, after a training step has moved the weights; and the
/// digest that names trained tensors in provenance is SHA-256 over their bytes in name order.
@Suite struct InferenceConversionTests {
    /// The tiny models with tokenizers that the inference tests use (Tests/Fixtures/models).
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/models/\(name)")
    }

    /// The largest absolute difference between two arrays of the same length.
    static func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test func aTrainedGPT2WithLoRAComputesTheTrainingLogitsInTheInferenceEngine() throws {
        let folder = Self.fixture("tiny-gpt2")
        let tokenizer = try TokenizerLoader.load(directory: folder)
        var model = try TrainableGPT2(directory: folder)
        try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8, targetModules: ["c_attn", "c_fc"]), seed: 3)
        let base = model.parameters
        let ids = tokenizer.encode("the nurse said she would be late", addSpecialTokens: false).ids
        let batch = try CausalLMCollator(padTokenID: 0).batch([ids])
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 1, learningRate: 1e-2))
        _ = try loop.step(batch)
        let trained = try #require(loop.model as? TrainableGPT2)
        #expect(trained.parameters == base, "LoRA training leaves the base as it was")
        let adapter = try #require(trained.adapter)
        #expect(adapter.parameters.layout.slots.filter { $0.name.contains("lora_B") }.contains { adapter.parameters.norm(of: $0.name)! > 0 },
                "the step moved B away from zero")

        let engine = try trained.inferenceModel(tokenizer: tokenizer, name: "tiny-gpt2+lora@trained-1")
        let inference = try engine.logits(for: [ids], sequences: [0], cache: engine.makeCache(batchSize: 1), allPositions: true).scalars
        let training = try trained.forwardLogits(batch)
        #expect(inference.count == training.count)
        #expect(Self.largestDifference(inference, training) < 1e-4)
        #expect(trained.parameters == base, "building the inference model merges into a copy")
        // The merged model differs from the base: the step changed what the model computes.
        let plain = try GPT2Model(directory: folder)
        let before = try plain.logits(for: [ids], sequences: [0], cache: plain.makeCache(batchSize: 1), allPositions: true).scalars
        #expect(Self.largestDifference(before, inference) > 1e-4)
    }

    @Test func aTrainedBERTComputesTheTrainingLogitsInTheInferenceEngine() throws {
        let folder = Self.fixture("tiny-bert-mlm")
        let tokenizer = try TokenizerLoader.load(directory: folder)
        var model = try TrainableBERT(directory: folder)
        try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8, targetModules: ["query", "value"]), seed: 5)
        let ids = tokenizer.encode("the nurse said she would be late.", addSpecialTokens: true).ids
        let collator = MaskedLMCollator(maskTokenID: try #require(tokenizer.specialTokens.mask?.id), padTokenID: 0,
                                        vocabularySize: tokenizer.vocabularySize, specialTokenIDs: tokenizer.specialTokens.ids,
                                        probability: 0.5)
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 1, learningRate: 1e-2))
        _ = try loop.step(try collator.batch([ids], seed: 1))
        let trained = try #require(loop.model as? TrainableBERT)

        let engine = try trained.inferenceModel(tokenizer: tokenizer, name: "tiny-bert-mlm+lora@trained-1")
        let inference = try engine.logits(for: [ids], at: [Array(ids.indices)]).scalars
        // Every position labelled, so that the forward has something to predict.
        let training = try trained.forwardLogits(try TokenBatch(inputIDs: [ids], labels: [ids]))
        #expect(inference.count == training.count)
        #expect(Self.largestDifference(inference, training) < 1e-4)
    }

    @Test func theTensorDigestIsSHA256OfTheBytesInNameOrder() throws {
        var layout = ParameterLayout()
        layout.append("b", shape: [1])
        layout.append("a", shape: [2])
        var parameters = ParameterSet(zeros: layout)
        parameters.values = [1, 2, 3]
        // sha256 of float32 LE bytes of [2, 3] ("a") then [1] ("b"), by Python's hashlib.
        #expect(parameters.sha256 == "b740600322740449e819207411763d48eed2766d1328a537e13e7b9de04ccdd5")
        var reordered = ParameterLayout()
        reordered.append("a", shape: [2])
        reordered.append("b", shape: [1])
        var same = ParameterSet(zeros: reordered)
        same.values = [2, 3, 1]
        #expect(same.sha256 == parameters.sha256)
    }
}
