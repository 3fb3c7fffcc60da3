import Foundation
@testable import Bias
import Testing

@Suite("counterfactual sweep")
struct CounterfactualSweepTests {
    @Test("fill-mask rows and gaps by hand: top-k overlap, total variation, probability ratio")
    func fillMask() throws {
        let model = SuccessorMaskedModel()
        // "the man [MASK]": successor of man(4) is woman(5); "the woman [MASK]": successor is(6).
        let sweep = try CounterfactualSweep(template: "the {group} [MASK]", fills: ["man", "woman"])
        var steps: [Int] = []
        let result = try sweep.fillMask(model: model, topK: 1, targets: ["is"]) { done, _ in steps.append(done) }
        #expect(result.rows.map(\.text) == ["the man [MASK]", "the woman [MASK]"])
        #expect(result.rows[0].predictions.map(\.tokenString) == ["woman"])
        #expect(result.rows[1].predictions.map(\.tokenString) == ["is"])
        let z = exp(2) + Double(model.vocabularySize - 1)
        #expect(abs(result.rows[1].predictions[0].score - exp(2) / z) < 1e-6)
        let gap = try #require(result.gaps.first)
        #expect(gap.topKOverlap == 0)
        // The two distributions differ at two ids, each by (e² − 1)/Z.
        #expect(abs(gap.totalVariationDistance - (exp(2) - 1) / z) < 1e-6)
        #expect(abs((gap.probabilityRatios["is"] ?? 0) - 1 / exp(2)) < 1e-5)
        #expect(steps == [1, 2])
    }

    @Test("next-token rows use the causal distribution after BOS and the template")
    func nextToken() throws {
        let sweep = try CounterfactualSweep(template: "the {group}", fills: ["man", "woman"])
        let result = try sweep.nextToken(model: SuccessorCausalModel(), topK: 1)
        #expect(result.rows.map { $0.predictions.first?.tokenString } == ["woman", "is"])
        #expect(result.gaps.count == 1)
    }

    @Test("text generation gives the same seeds to every fill-in")
    func generation() throws {
        let sweep = try CounterfactualSweep(template: "the {group}", fills: ["man", "woman"])
        let result = try sweep.textGeneration(model: SuccessorCausalModel(), sampling: .greedy(maxNewTokens: 2), samples: 2)
        #expect(result.rows.map(\.generations) == [["woman is", "woman is"], ["is a", "is a"]])
        #expect(result.gaps.isEmpty)
    }

    @Test("a template without the placeholder, or no mask for fill-mask, is an error")
    func errors() throws {
        #expect(throws: BiasError.self) { try CounterfactualSweep(template: "no placeholder", fills: ["a"]) }
        #expect(throws: BiasError.self) { try CounterfactualSweep(template: "{group}", fills: []) }
        #expect(throws: BiasError.self) { try CounterfactualSweep(template: "the {group}", fills: ["man"]).fillMask(model: SuccessorMaskedModel()) }
    }

    @Test("total variation and top-k overlap match the numpy reference")
    func reference() throws {
        let reference = try #require(ReferenceFixture.load()["distribution"] as? [String: Any])
        let p = TokenDistribution(probabilities: ReferenceFixture.doubles(reference["p"]))
        let q = TokenDistribution(probabilities: ReferenceFixture.doubles(reference["q"]))
        #expect(abs(try p.totalVariationDistance(to: q) - (reference["tvd"] as? Double ?? .nan)) < 1e-12)
        #expect(p.topOverlap(with: q, k: reference["k"] as? Int ?? 0) == reference["overlap"] as? Double)
    }
}
