import Foundation
import Testing
import Inference
@testable import Training

/// LoRA on a frozen Llama: the adapted forward equals the merged weights, and A and B gradients
/// agree with finite differences (the fixture's adapter starts at B = 0, so its first step alone
/// would not test A's gradient).
@Suite struct LoRATests {
    static let reference = TrainingFixtures.named("tiny-llama-full")

    /// tiny-llama with a seeded adapter whose B is not zero.
    static func adaptedModel(dropout: Double = 0) throws -> TrainableLlama {
        var model = try TrainableLlama(directory: TrainingFixtures.url(reference.model))
        try model.attachLoRA(LoRAConfiguration(rank: 2, alpha: 4, targetModules: ["q_proj", "v_proj", "down_proj"], dropout: dropout), seed: 7)
        var generator = SplitMix64(seed: 11)
        for slot in model.adapter!.parameters.layout.slots where slot.name.contains("lora_B") {
            for i in slot.offset ..< slot.offset + slot.count {
                model.adapter!.parameters.values[i] = Float(Int(generator.next() % 2001) - 1000) / 4000
            }
        }
        return model
    }

    @Test func adaptedLossEqualsTheMergedModel() throws {
        let adapted = try Self.adaptedModel()
        var merged = adapted
        merged.adapter = nil
        let adapter = try #require(adapted.adapter)
        let scaling = adapter.configuration.scaling
        for target in adapter.targets {
            let a = try #require(adapter.parameters.tensor(LoRAAdapter.nameOfA(target.path)))
            let b = try #require(adapter.parameters.tensor(LoRAAdapter.nameOfB(target.path)))
            var w = try #require(merged.parameters.tensor(target.path + ".weight"))
            let r = adapter.configuration.rank
            var values = w.scalars
            for o in 0..<target.outputs {
                for i in 0..<target.inputs {
                    var sum: Float = 0
                    for k in 0..<r { sum += b.scalars[o * r + k] * a.scalars[k * target.inputs + i] }
                    values[o * target.inputs + i] += scaling * sum
                }
            }
            w = Tensor(shape: w.shape, scalars: values)
            try merged.parameters.set(target.path + ".weight", to: w, source: "test")
        }
        let batch = try Self.reference.batch()
        let adaptedLoss = try adapted.loss(batch), mergedLoss = try merged.loss(batch)
        #expect(abs(adaptedLoss - mergedLoss) < 1e-5, "adapted \(adaptedLoss) vs merged \(mergedLoss)")
        #expect(abs(adaptedLoss - Self.reference.loss!) > 1e-3, "the adapter should change the loss")
    }

    @Test func adapterGradientsMatchFiniteDifferences() throws {
        // Along each tensor's own gradient direction u = g/|g| the slope of the loss is |g|; a
        // central difference measures it. Float32 losses of ~10 leave about 1e-4 of noise in it.
        var model = try Self.adaptedModel()
        let batch = try Self.reference.batch()
        let gradients = try model.lossAndGradients(batch).gradients
        #expect(gradients.layout == model.adapter!.parameters.layout)
        let original = model.adapter!.parameters
        let epsilon = 1e-2
        for slot in gradients.layout.slots {
            let norm = try #require(gradients.norm(of: slot.name))
            #expect(norm > 1e-4, "\(slot.name) has a vanishing gradient")
            func loss(at shift: Double) throws -> Double {
                model.adapter!.parameters = original
                for i in slot.offset ..< slot.offset + slot.count {
                    model.adapter!.parameters.values[i] += Float(shift * Double(gradients.values[i]) / norm)
                }
                return try model.loss(batch)
            }
            let slope = (try loss(at: epsilon) - loss(at: -epsilon)) / (2 * epsilon)
            #expect(abs(slope - norm) <= 2e-3 * norm + 2e-4, "\(slot.name): |g| \(norm), finite difference \(slope)")
        }
    }

    @Test func loraDropoutIsOffInEvaluation() throws {
        let batch = try Self.reference.batch()
        var model = try Self.adaptedModel(dropout: 0.3)
        #expect(try model.loss(batch) == Self.adaptedModel().loss(batch))
        model.trainingSeed = 1
        let first = try model.loss(batch)
        #expect(first != (try Self.adaptedModel().loss(batch)))
        #expect(try model.loss(batch) == first, "one seed, one set of masks")
        model.trainingSeed = 2
        #expect(try model.loss(batch) != first)
    }

    @Test func loraDropoutGradientMatchesFiniteDifferences() throws {
        var model = try Self.adaptedModel(dropout: 0.3)
        model.trainingSeed = 9
        let batch = try Self.reference.batch()
        let gradients = try model.lossAndGradients(batch).gradients
        let norm = gradients.globalNorm
        let original = model.adapter!.parameters
        func value(at shift: Double) throws -> Double {
            model.adapter!.parameters = original
            for i in original.values.indices {
                model.adapter!.parameters.values[i] += Float(shift * Double(gradients.values[i]) / norm)
            }
            return try model.loss(batch)
        }
        let slope = (try value(at: 1e-2) - value(at: -1e-2)) / 2e-2
        #expect(abs(slope - norm) <= 2e-3 * norm + 2e-4, "|g| \(norm), finite difference \(slope)")
    }

    @Test func unknownTargetModuleIsRefusedWithTheKnownNames() throws {
        var model = try TrainableLlama(directory: TrainingFixtures.url(Self.reference.model))
        #expect {
            try model.attachLoRA(LoRAConfiguration(rank: 4, targetModules: ["c_attn"]))
        } throws: { error in
            "\(error)".contains("'c_attn'") && "\(error)".contains("q_proj")
        }
    }

    @Test func rankMustBePositive() throws {
        var model = try TrainableLlama(directory: TrainingFixtures.url(Self.reference.model))
        #expect(throws: TrainingError.self) { try model.attachLoRA(LoRAConfiguration(rank: 0, targetModules: ["q_proj"])) }
    }
}
