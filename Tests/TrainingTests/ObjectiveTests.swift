import Foundation
import Testing
@testable import Training

/// The penalties of the objective: their gradients against finite differences, their values on
/// simple cases, and a short LoRA run that lowers a pair divergence.
@Suite struct ObjectiveTests {
    /// The fixture batch's four rows as two counterfactual pairs (labels unused).
    static func pairs() throws -> TokenBatch {
        let batch = try LoRATests.reference.batch()
        return try TokenBatch(inputIDs: batch.inputIDs, attentionMask: batch.attentionMask,
                              labels: batch.labels.map { $0.map { _ in -100 } })
    }

    /// Checks that the slope of `objective` along its own gradient is the gradient's norm.
    static func checkSlope(_ objective: TrainingObjective, on batch: TokenBatch) throws {
        var model = try LoRATests.adaptedModel()
        let gradients = try model.lossAndGradients(batch, objective: objective).gradients
        let norm = gradients.globalNorm
        #expect(norm > 1e-4)
        let original = model.adapter!.parameters
        func value(at shift: Double) throws -> Double {
            model.adapter!.parameters = original
            for i in original.values.indices {
                model.adapter!.parameters.values[i] += Float(shift * Double(gradients.values[i]) / norm)
            }
            return try model.loss(batch, objective: objective)
        }
        let epsilon = 1e-2
        let slope = (try value(at: epsilon) - value(at: -epsilon)) / (2 * epsilon)
        #expect(abs(slope - norm) <= 2e-3 * norm + 2e-4, "|g| \(norm), finite difference \(slope)")
    }

    @Test(arguments: [TrainingObjective.Divergence.symmetricKL, .jensenShannon])
    func pairPenaltyGradientMatchesFiniteDifferences(_ divergence: TrainingObjective.Divergence) throws {
        try Self.checkSlope(.pairs(.init(divergence: divergence, weight: 3)), on: Self.pairs())
    }

    @Test func tokenPenaltyAddsToCrossEntropyWithItsGradient() throws {
        let batch = try LoRATests.reference.batch()
        let penalty = TrainingObjective.TokenPenalty(tokens: [504, 30, 253], weight: 2)
        try Self.checkSlope(TrainingObjective(tokenPenalty: penalty), on: batch)
        let model = try LoRATests.adaptedModel()
        #expect(try model.loss(batch, objective: TrainingObjective(tokenPenalty: penalty)) != model.loss(batch))
    }

    @Test func identicalPromptsHaveNoDivergence() throws {
        let row = [504, 12996, 1137, 1041]
        let batch = try TokenBatch(inputIDs: [row, row], labels: [[-100, -100, -100, -100], [-100, -100, -100, -100]])
        let model = try LoRATests.adaptedModel()
        for divergence in [TrainingObjective.Divergence.symmetricKL, .jensenShannon] {
            let result = try model.lossAndGradients(batch, objective: .pairs(.init(divergence: divergence, weight: 1)))
            #expect(abs(result.loss) < 1e-9)
            #expect(result.gradients.globalNorm < 1e-6)
        }
    }

    @Test func pairPenaltyNeedsPairs() throws {
        let batch = try TokenBatch(inputIDs: [[1, 2, 3]], labels: [[-100, -100, -100]])
        let model = try LoRATests.adaptedModel()
        #expect { try model.loss(batch, objective: .pairs(.init(weight: 1))) } throws: { "\($0)".contains("pairs of rows") }
    }

    @Test func trainingWithThePairPenaltyLowersTheDivergence() throws {
        var model = try TrainableLlama(directory: TrainingFixtures.url("models/tiny-llama"))
        try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8, targetModules: ["q_proj", "v_proj", "o_proj"]), seed: 5)
        let pairs = try Self.pairs(), text = try LoRATests.reference.batch()
        let penalty = TrainingObjective.PairPenalty(divergence: .jensenShannon, weight: 1000)
        let before = try model.loss(pairs, objective: .pairs(penalty))
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 8, learningRate: 1e-2, pairPenalty: penalty))
        for _ in 0..<8 { _ = try loop.step(accumulating: [text], pairs: pairs) }
        let after = try loop.model.loss(pairs, objective: .pairs(penalty))
        #expect(after < 0.8 * before, "divergence \(before) → \(after)")
    }
}
