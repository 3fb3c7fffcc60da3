import Foundation
import Testing
import Inference
@testable import Training

/// Tokens per second of one training step on a SmolLM2-135M-shaped model (random weights),
/// sequence 64, batch 8: LoRA r=8 on q_proj and v_proj, and full fine-tuning. Minutes on two
/// cores, so it runs only with LABRUN_TRAINING_SPEED=1; it prints the figures and checks nothing
/// but finite losses.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["LABRUN_TRAINING_SPEED"] == "1"))
struct TrainingSpeedTests {
    static func smolLM2Shaped() throws -> TrainableLlama {
        var configuration = LlamaConfiguration(layerCount: 30, hiddenSize: 576, intermediateSize: 1536, headCount: 9, kvHeadCount: 3,
                                               vocabularySize: 49152, contextLength: 2048, ropeTheta: 100000, rmsNormEpsilon: 1e-5,
                                               rotaryLayout: .rotateHalf, tiedEmbeddings: true)
        configuration.headDimension = 64
        var parameters = ParameterSet(zeros: TrainableLlama.parameterLayout(for: configuration))
        var generator = SplitMix64(seed: 1)
        for slot in parameters.layout.slots {
            let isNorm = slot.name.hasSuffix("norm.weight")
            for i in slot.offset ..< slot.offset + slot.count {
                parameters.values[i] = isNorm ? 1 : (Float(generator.next() >> 40) / Float(1 << 24) - 0.5) * 0.04
            }
        }
        return try TrainableLlama(configuration: configuration, parameters: parameters, source: "SmolLM2-135M-shaped")
    }

    static func batch() throws -> TokenBatch {
        var generator = SplitMix64(seed: 2)
        let rows = (0..<8).map { _ in (0..<64).map { _ in Int(generator.next() % 49152) } }
        return try TokenBatch(inputIDs: rows, labels: rows)
    }

    static func measure(_ name: String, _ model: any TrainableModel, steps: Int = 2) throws {
        let batch = try Self.batch()
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: steps, learningRate: 1e-4))
        _ = try loop.step(batch)  // warm-up: allocations, BLAS threads
        let start = Date()
        for _ in 1..<steps { #expect(try loop.step(batch).loss.isFinite) }
        let seconds = Date().timeIntervalSince(start) / Double(steps - 1)
        let gradientStart = Date()
        var gradients = try loop.model.lossAndGradients(batch).gradients
        let gradientSeconds = Date().timeIntervalSince(gradientStart)
        let updateStart = Date()
        GradientClipping.clip(&gradients, maximumNorm: 1)
        try loop.model.updateTrainableParameters { try loop.optimizer.update(&$0, gradients: gradients) }
        let updateSeconds = Date().timeIntervalSince(updateStart)
        print("\(name): loss and gradients \(String(format: "%.2f", gradientSeconds)) s, clipping and AdamW \(String(format: "%.2f", updateSeconds)) s")
        print("\(name): \(String(format: "%.2f", seconds)) s a step, \(Int(Double(8 * 64) / seconds)) tokens/s (OPENBLAS_NUM_THREADS=\(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default"))")
    }

    @Test func loraOnQueryAndValue() throws {
        var model = try Self.smolLM2Shaped()
        try model.attachLoRA(LoRAConfiguration(rank: 8, alpha: 16, targetModules: ["q_proj", "v_proj"]), seed: 3)
        try Self.measure("LoRA r=8 q,v", model, steps: 3)
    }

    @Test func fullFineTuning() throws {
        try Self.measure("full fine-tuning", Self.smolLM2Shaped(), steps: 3)
    }
}
