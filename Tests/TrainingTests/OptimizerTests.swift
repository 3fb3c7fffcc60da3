import Testing
@testable import Training

/// AdamW and clipping on hand-checkable numbers.
@Suite struct OptimizerTests {
    static func single(_ value: Float, name: String = "w") -> ParameterSet {
        var layout = ParameterLayout()
        layout.append(name, shape: [1])
        var set = ParameterSet(zeros: layout)
        set.values[0] = value
        return set
    }

    @Test func firstAdamWStepMovesByTheLearningRate() throws {
        // At step 1 the bias-corrected m/sqrt(v) is sign(g), so p moves by lr (less eps's share).
        var optimizer = try AdamW(learningRate: 0.1, weightDecay: 0)
        var p = Self.single(1)
        try optimizer.update(&p, gradients: Self.single(0.5))
        #expect(abs(p.values[0] - 0.9) < 1e-6)
    }

    @Test func weightDecayIsDecoupled() throws {
        // A zero gradient leaves only p · (1 − lr · wd).
        var optimizer = try AdamW(learningRate: 0.1, weightDecay: 0.5)
        var p = Self.single(2)
        try optimizer.update(&p, gradients: Self.single(0))
        #expect(abs(p.values[0] - 2 * (1 - 0.05)) < 1e-6)
    }

    @Test func trainerRuleSparesBiasesAndNorms() {
        #expect(!AdamW.trainerDecayRule("model.norm.weight"))
        #expect(!AdamW.trainerDecayRule("transformer.h.0.attn.c_attn.bias"))
        #expect(AdamW.trainerDecayRule("model.layers.0.self_attn.q_proj.weight"))
    }

    @Test func secondStepUsesBiasCorrectedMoments() throws {
        var optimizer = try AdamW(learningRate: 0.01, weightDecay: 0)
        var p = Self.single(0)
        try optimizer.update(&p, gradients: Self.single(1))
        try optimizer.update(&p, gradients: Self.single(-2))
        let m = 0.9 * 0.1 * 1 + 0.1 * -2, v = 0.999 * 0.001 * 1 + 0.001 * 4
        let expected = -0.01 - 0.01 / (1 - 0.81) * m / ((v).squareRoot() / (1 - 0.998001).squareRoot() + 1e-8)
        #expect(abs(Double(p.values[0]) - expected) < 1e-6)
    }

    @Test func nonPositiveLearningRateIsRefused() {
        #expect(throws: TrainingError.self) { try AdamW(learningRate: 0) }
        #expect(throws: TrainingError.self) { try AdamW(learningRate: -1e-3) }
    }

    @Test func clippingReturnsTheNormBeforeClipping() {
        var layout = ParameterLayout()
        layout.append("a", shape: [2])
        var g = ParameterSet(zeros: layout)
        g.values = [3, 4]
        let norm = GradientClipping.clip(&g, maximumNorm: 1)
        #expect(norm == 5)
        #expect(abs(g.globalNorm - 1) < 1e-5)
        var small = g
        #expect(abs(GradientClipping.clip(&small, maximumNorm: 10) - 1) < 1e-5)
        #expect(small == g)
    }
}
