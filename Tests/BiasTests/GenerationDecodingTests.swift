import Foundation
@testable import Bias
import Testing

/// The generation bias score under decoding-time mitigations, and the decoding sessions they run on.
@Suite("generation bias under a decoding mitigation")
struct GenerationDecodingTests {
    let manWoman = [[GenerationBias.Prompt(text: "the man", group: "male"), GenerationBias.Prompt(text: "the woman", group: "female")]]

    @Test("decodings are named as a lab passes them, and an unknown name is refused")
    func names() {
        #expect(GenerationDecoding.names.compactMap { GenerationDecoding(name: $0)?.name } == GenerationDecoding.names)
        #expect(GenerationDecoding(name: "greedy") == nil)
        #expect(GenerationDecoding(name: "self_debias", selfDebias: SelfDebias(lambda: 10)) == .selfDebias(SelfDebias(lambda: 10)))
    }

    @Test("a recomputing session gives the model's distributions and follows appended tokens")
    func recomputingSession() throws {
        let model = SuccessorCausalModel()
        let session = try model.makeSession(context: [0, 1])
        #expect(try session.nextTokenLogProbabilities() == model.nextTokenLogProbabilities([0, 1]))
        try session.append(2)
        #expect(try session.nextTokenLogProbabilities() == model.nextTokenLogProbabilities([0, 1, 2]))
    }

    @Test("counterfactual decoding over one context draws exactly what plain decoding draws", arguments: [UInt64(1), 2, 3])
    func singleContextIsPlain(seed: UInt64) throws {
        let model = SuccessorCausalModel()
        let sampling = Sampling(maxNewTokens: 5, temperature: 1, topK: 0, topP: 1)
        let plain = try model.generate(promptIDs: [0, 1, 2], sampling: sampling, seed: seed)
        #expect(try CounterfactualDecoding(sampling: sampling).generateTokens(model: model, contexts: [[0, 1, 2]], seed: seed) == plain)
    }

    @Test("counterfactual decoding in a run: both prompts of a pair get the same continuation, from the averaged distributions")
    func counterfactualRun() throws {
        let bias = try GenerationBias(pairs: manWoman, stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let model = SuccessorCausalModel()
        let sampling = Sampling(maxNewTokens: 3, temperature: 1, topK: 0, topP: 1)
        let result = try bias.run(model: model, n: 3, seed: 5, sampling: sampling, decoding: .counterfactual(averagedTokens: nil), neutralText: "the man is")
        #expect(result.decoding == "counterfactual")
        for seed in UInt64(5)...7 {
            let expected = try CounterfactualDecoding(sampling: sampling).generateTokens(model: model, contexts: [[0, 1, 2], [0, 1, 3]], seed: seed)
            let texts = result.samples.filter { $0.seed == seed }.map(\.text)
            #expect(texts == [model.decode(expected), model.decode(expected)])
        }
    }

    @Test("a prompt alone in its set is averaged with its gender-swapped counterfactual")
    func counterfactualOfASinglePrompt() throws {
        let model = SuccessorCausalModel()
        let alone = try GenerationBias(pairs: [[.init(text: "the man", group: "male")]], stereotypes: ["male": ["doctor"]])
        let paired = try GenerationBias(pairs: manWoman, stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let sampling = Sampling(maxNewTokens: 3, temperature: 1, topK: 0, topP: 1)
        let single = try alone.run(model: model, n: 2, seed: 3, sampling: sampling, decoding: .counterfactual(averagedTokens: nil), neutralText: "the man is")
        let both = try paired.run(model: model, n: 2, seed: 3, sampling: sampling, decoding: .counterfactual(averagedTokens: nil), neutralText: "the man is")
        #expect(single.samples.map(\.text) == Array(both.samples.prefix(2)).map(\.text))
    }

    @Test("greedy counterfactual decoding removes the stereotyped continuation the plain model writes")
    func counterfactualRemovesStereotype() throws {
        // Plain greedy: "the woman" → "is a nurse" (biased), "the man" → "woman is a" (not).
        // Averaged, the pair ties between "woman" (3) and "is" (4) and takes the lower id, 3,
        // then continues "is a": neither continuation names its stereotype.
        let bias = try GenerationBias(pairs: manWoman, stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let model = SuccessorCausalModel()
        let plain = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 3), neutralText: "the man is")
        let mitigated = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 3), decoding: .counterfactual(averagedTokens: nil), neutralText: "the man is")
        #expect(plain.score == 0.5)
        #expect(mitigated.samples.map(\.text) == ["woman is a", "woman is a"])
        #expect(mitigated.score == 0)
        // The neutral-text perplexity describes the model and does not move; the text the woman
        // prompt got ("woman is a" after "the woman") is less likely to the plain model.
        #expect(mitigated.perplexity == plain.perplexity)
        #expect(mitigated.generationPerplexity > plain.generationPerplexity)
    }

    @Test("averaging only the first token: the pair shares it, then each prompt continues with its own distribution")
    func counterfactualFirstTokenOnly() throws {
        let bias = try GenerationBias(pairs: manWoman, stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let model = SuccessorCausalModel()
        let result = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 3),
                                  decoding: .counterfactual(averagedTokens: 1), neutralText: "the man is")
        // The averaged first token is "woman" (3, see above); after it each prompt goes on greedily alone.
        let expected = try [[0, 1, 2], [0, 1, 3]].map { context in
            model.decode([3] + (try model.generate(promptIDs: context + [3], sampling: .greedy(maxNewTokens: 2), seed: 0)))
        }
        #expect(result.samples.map(\.text) == expected)
        #expect(GenerationDecoding(name: "counterfactual", averagedTokens: 1) == .counterfactual(averagedTokens: 1))
        // Averaging zero tokens is plain decoding.
        let plain = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 3), neutralText: "the man is")
        let none = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 3),
                                decoding: .counterfactual(averagedTokens: 0), neutralText: "the man is")
        #expect(none.samples.map(\.text) == plain.samples.map(\.text))
    }

    @Test("Self-Debias in a run writes what SelfDebias.generate writes for each prompt")
    func selfDebiasRun() throws {
        var model = SuccessorCausalModel()
        model.boost = (trigger: 9, boosted: 6, amount: 5)
        let selfDebias = SelfDebias(prefixes: ["biased text : "])
        let bias = try GenerationBias(pairs: [[.init(text: "the woman is a", group: "female"), .init(text: "the man is a", group: "male")]],
                                      stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let plain = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 1), neutralText: "the man is")
        let result = try bias.run(model: model, n: 1, sampling: .greedy(maxNewTokens: 1), decoding: .selfDebias(selfDebias), neutralText: "the man is")
        #expect(plain.samples[0].text == "nurse")
        #expect(result.decoding == "self_debias")
        #expect(result.samples.map(\.text) == [try selfDebias.generate(model: model, prompt: "the woman is a", sampling: .greedy(maxNewTokens: 1)),
                                                try selfDebias.generate(model: model, prompt: "the man is a", sampling: .greedy(maxNewTokens: 1))])
        #expect(!result.samples[0].isBiased)
    }

    @Test("generation perplexity is exp(−Σ log P / Σ tokens) of the continuations under the plain model")
    func generationPerplexity() throws {
        let bias = try GenerationBias(pairs: manWoman, stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let model = SuccessorCausalModel()
        let result = try bias.run(model: model, n: 2, sampling: .greedy(maxNewTokens: 3), neutralText: "the man is")
        // Greedy follows the successor every time: each token has log P = 2 − ln Z.
        let logZ = log(exp(2) + Double(model.words.count - 1))
        for sample in result.samples {
            #expect(sample.tokenCount == 3)
            #expect(abs(sample.logProbability - 3 * (2 - logZ)) < 1e-9)
        }
        #expect(abs(result.generationPerplexity - exp(logZ - 2)) < 1e-9)
    }
}
