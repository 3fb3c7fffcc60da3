import Foundation
@testable import Bias
import Testing

@Suite("decoding-time and embedding mitigations")
struct DebiasingTests {
    @Test("Self-Debias formula matches the numpy reference (λ = 50, ε = 0.01)")
    func selfDebiasReference() throws {
        let reference = try #require(ReferenceFixture.load()["self_debias"] as? [String: Any])
        let prefixed = (reference["prefixed"] as? [[Double]]) ?? []
        let result = SelfDebias().debias(plain: ReferenceFixture.doubles(reference["plain"]), prefixed: prefixed)
        for (got, expected) in zip(result, ReferenceFixture.doubles(reference["debiased"])) {
            #expect(abs(got - expected) < 1e-12)
        }
    }

    @Test("Self-Debias by hand: a word the prefix makes more likely is scaled by max(e^(−λΔ), ε)")
    func selfDebiasByHand() {
        let result = SelfDebias(prefixes: ["p"]).debias(plain: [0.5, 0.5], prefixed: [[0.9, 0.1]])
        // Δ = (0.4, 0): weights 0.5·max(e^(−20), 0.01) = 0.005 and 0.5.
        #expect(abs(result[0] - 0.005 / 0.505) < 1e-12)
        #expect(abs(result[1] - 0.5 / 0.505) < 1e-12)
    }

    @Test("Self-Debias decoding avoids the token a debiasing prefix promotes")
    func selfDebiasGeneration() throws {
        // "biased" (9) in the context boosts "nurse" (6) by 5; after "is a" (5) the plain model
        // prefers "nurse" (successor) anyway, and the prefixed model even more: Δ > 0 suppresses it.
        var model = SuccessorCausalModel()
        model.boost = (trigger: 9, boosted: 6, amount: 5)
        let plain = model.decode(try model.generate(promptIDs: [0] + model.encode("the woman is a"), sampling: .greedy(maxNewTokens: 1), seed: 0))
        #expect(plain == "nurse")
        let debiased = try SelfDebias(prefixes: ["biased text : "]).generate(model: model, prompt: "the woman is a", sampling: .greedy(maxNewTokens: 1))
        #expect(debiased != "nurse")
    }

    @Test("counterfactual decoding averages the distributions of the prompt and its variant")
    func counterfactualDecoding() throws {
        let model = SuccessorCausalModel()
        let averaged = try CounterfactualDecoding.averagedDistribution(model: model, contexts: [[0, 1, 2], [0, 1, 3]])
        let z = exp(2) + Double(model.words.count - 1)
        // Successors 3 ("woman") and 4 ("is") each get (e²/Z + 1/Z)/2.
        #expect(abs(averaged[3] - (exp(2) + 1) / (2 * z)) < 1e-7)
        #expect(abs(averaged.reduce(0, +) - 1) < 1e-9)
        // With the CDA variant of "the man" ("the woman"), greedy picks the lower id of the tie.
        let text = try CounterfactualDecoding(sampling: .greedy(maxNewTokens: 1)).generate(model: model, prompt: "the man")
        #expect(text == "woman")
    }

    @Test("the bias subspace matches numpy's PCA and projection removes it")
    func subspaceReference() throws {
        let reference = try #require(ReferenceFixture.load()["subspace"] as? [String: Any])
        let subspace = try BiasSubspace(differences: ReferenceFixture.matrix(reference["differences"]), k: reference["k"] as? Int ?? 0)
        let expected = (reference["directions"] as? [[Double]]) ?? []
        for (got, want) in zip(subspace.directions, expected) {
            let dot = zip(got, want).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(abs(dot) - 1) < 1e-6)
        }
        for (got, want) in zip(subspace.explainedVariance, ReferenceFixture.doubles(reference["explained"])) {
            #expect(abs(got - want) < 1e-9)
        }
        let projected = subspace.removing(from: ReferenceFixture.doubles(reference["vector"]).map(Float.init))
        for (got, want) in zip(projected, ReferenceFixture.doubles(reference["projected"])) {
            #expect(abs(Double(got) - want) < 1e-5)
        }
    }

    @Test("removing a gender direction from the embeddings removes the SEAT effect it carried")
    func projectionRemovesEffect() throws {
        // Dimension 0 carries gender, dimension 1 carries career/family; the targets are split only
        // along dimension 0.
        let table: [String: [Float]] = [
            "he": [1, 0, 0.1], "she": [-1, 0, 0.1],
            "x1": [1, 0.5, 0.3], "x2": [0.8, 0.2, 1], "y1": [-1, 0.4, 0.3], "y2": [-0.9, 0.1, 1],
            "a1": [0.6, 1, 0.2], "a2": [0.7, 1, 0.5], "b1": [-0.6, 1, 0.2], "b2": [-0.7, 1, 0.5],
        ]
        let test = WEATTest(targ1: .init(category: "X", examples: ["x1", "x2"]), targ2: .init(category: "Y", examples: ["y1", "y2"]),
                            attr1: .init(category: "A", examples: ["a1", "a2"]), attr2: .init(category: "B", examples: ["b1", "b2"]))
        let embedder = TableEmbedder(table: table)
        let subspace = try BiasSubspace(embedder: embedder, pairs: [("he", "she")], k: 1)
        #expect(subspace.directions == [[1, 0, 0]])
        #expect(try test.run(embedder: embedder).effectSize > 1)
        #expect(throws: BiasError.self) {
            // After projection A and B coincide, every association is 0: no effect is left.
            try test.run(embedder: DebiasedEmbedder(base: embedder, subspace: subspace))
        }
    }

    @Test("debias reports SEAT before and after with the same permutations and seed")
    func beforeAndAfter() throws {
        let table: [String: [Float]] = [
            "he": [1, 0, 0.1], "she": [-1, 0, 0.1],
            "x1": [1, 0.5, 0.3], "x2": [0.8, 0.2, 1], "y1": [-1, 0.4, 0.3], "y2": [-0.9, 0.1, 1],
            "a1": [0.6, 1, 0.2], "a2": [0.7, 1, 0.5], "b1": [-0.6, 0.9, 0.2], "b2": [-0.7, 1, 0.4],
        ]
        let test = WEATTest(targ1: .init(category: "X", examples: ["x1", "x2"]), targ2: .init(category: "Y", examples: ["y1", "y2"]),
                            attr1: .init(category: "A", examples: ["a1", "a2"]), attr2: .init(category: "B", examples: ["b1", "b2"]))
        let result = try EmbeddingProjection.debias(embedder: TableEmbedder(table: table), pairs: [("he", "she")], k: 1, test: test)
        #expect(result.before.effectSize > 1)
        #expect(abs(result.after.effectSize) < abs(result.before.effectSize))
        #expect(result.after.partitions == 6)
    }

    @Test("the bundled subspace pairs each differ by gender words only")
    func bundledPairs() {
        let pairs = EmbeddingProjection.bundledPairs()
        #expect(pairs.count == 20)
        #expect(pairs.allSatisfy { $0.0 != $0.1 })
        #expect(pairs[0] == ("He walked to the station.", "She walked to the station."))
    }
}
