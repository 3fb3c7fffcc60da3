import Foundation
@testable import Bias
import BiasEngine
import Inference
import Testing

/// The adapters from the inference engine to the metric protocols, checked against the engine's
/// transformers fixtures (tiny random models in Tests/Fixtures/models).
@Suite("engine adapters")
struct EngineAdapterTests {
    static let fixtures = ReferenceFixture.url.deletingLastPathComponent()

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test("the causal adapter's sentence log-probabilities match transformers on tiny-gpt2")
    func causalLogProbability() throws {
        guard case .causal(let model) = try BiasModel(try ModelCache().model(at: Self.fixtures.appendingPathComponent("models/tiny-gpt2"))) else {
            Issue.record("tiny-gpt2 did not load as a causal model")
            return
        }
        let cases = try #require((try Self.json("tiny_gpt2_public.json") as? [String: Any])?["sequence_logprob"] as? [[String: Any]])
        for item in cases {
            let ids = ReferenceFixture.ints(item["ids"])
            #expect(try model.encode(item["text"] as? String ?? "") == ids)
            let total = try model.conditionalLogProbabilities(ids).reduce(0, +)
            #expect(abs(total - (item["sum_logprob_after_first"] as? Double ?? .nan)) < 1e-3)
        }
    }

    @Test("cached greedy generation matches transformers' greedy ids on tiny-gpt2")
    func causalGreedy() throws {
        guard case .causal(let model) = try BiasModel(try ModelCache().model(at: Self.fixtures.appendingPathComponent("models/tiny-gpt2"))) else {
            Issue.record("tiny-gpt2 did not load as a causal model")
            return
        }
        let cases = try #require((try Self.json("tiny_gpt2_public.json") as? [String: Any])?["greedy"] as? [[String: Any]])
        for item in cases {
            let prompt = try model.encode(item["prompt"] as? String ?? "")
            let expected = ReferenceFixture.ints(item["new_ids"])
            let generated = try model.generate(promptIDs: prompt, sampling: .greedy(maxNewTokens: expected.count), seed: 0)
            #expect(generated == expected)
            // The protocol's uncached default gives the same tokens.
            let uncached = try UncachedCausal(base: model).generate(promptIDs: prompt, sampling: .greedy(maxNewTokens: 4), seed: 0)
            #expect(uncached == Array(expected.prefix(4)))
        }
    }

    @Test("the masked adapter's log-probability at [MASK] is top logit − logsumexp on tiny-bert-mlm")
    func masked() throws {
        guard case .masked(let model) = try BiasModel(try ModelCache().model(at: Self.fixtures.appendingPathComponent("models/tiny-bert-mlm"))) else {
            Issue.record("tiny-bert-mlm did not load as a masked model")
            return
        }
        let cases = try #require(try Self.json("tiny_bert_mlm_public.json") as? [[String: Any]])
        for item in cases {
            let ids = ReferenceFixture.ints(item["ids"])
            #expect(try model.encode(item["text"] as? String ?? "") == ids)
            for mask in item["masks"] as? [[String: Any]] ?? [] {
                let position = mask["position"] as? Int ?? 0
                let distribution = try model.logProbabilities(tokenIDs: ids, at: position)
                let top = ReferenceFixture.ints(mask["top_ids"])[0]
                let expected = ReferenceFixture.doubles(mask["top_logits"])[0] - (mask["logsumexp"] as? Double ?? .nan)
                #expect(abs(Double(distribution[top]) - expected) < 1e-3)
            }
        }
        #expect(model.maskToken == "[MASK]" && model.specialTokenIDs.contains(101))
    }
}

/// Hides a model's own `generate` so the protocol's default (uncached) one runs.
struct UncachedCausal: NextTokenPredictor {
    let base: any NextTokenPredictor
    var beginningTokenID: Int { base.beginningTokenID }
    var endTokenIDs: Set<Int> { base.endTokenIDs }
    var vocabularySize: Int { base.vocabularySize }
    func encode(_ text: String) throws -> [Int] { try base.encode(text) }
    func decode(_ ids: [Int]) -> String { base.decode(ids) }
    func conditionalLogProbabilities(_ ids: [Int]) throws -> [Double] { try base.conditionalLogProbabilities(ids) }
    func nextTokenLogProbabilities(_ context: [Int]) throws -> [Float] { try base.nextTokenLogProbabilities(context) }
}

@Suite("engine adapters, batched")
struct EngineBatchTests {
    @Test("batched sentence log-probabilities equal one-at-a-time ones on tiny-gpt2")
    func batched() throws {
        guard case .causal(let model) = try BiasModel(try ModelCache().model(at: EngineAdapterTests.fixtures.appendingPathComponent("models/tiny-gpt2"))) else {
            Issue.record("tiny-gpt2 did not load as a causal model")
            return
        }
        let texts = ["The man was a nurse.", "The woman was a nurse and a pilot.", "Hi"]
        let batched = try model.sentenceLogProbabilities(texts)
        for (text, value) in zip(texts, batched) {
            #expect(abs(value - (try model.sentenceLogProbability(text))) < 1e-4)
        }
    }
}

@Suite("CrowS-Pairs masked on the engine")
struct CrowSPairsMaskedEngineTests {
    @Test("masked scores equal the engine's pseudo-log-likelihood over difflib's shared positions (tiny-bert-mlm)")
    func againstScoringPipeline() throws {
        let directory = EngineAdapterTests.fixtures.appendingPathComponent("models/tiny-bert-mlm")
        let cache = ModelCache()
        guard case .masked(let model) = try BiasModel(try cache.model(at: directory)) else {
            Issue.record("tiny-bert-mlm did not load as a masked model")
            return
        }
        let scoring = ScoringPipeline(model: try cache.model(at: directory).maskedLanguageModel())
        for pair in try MinimalPairs.pairs().pairs.prefix(4) {
            let (more, less) = try CrowSPairs.maskedScores(model: model, first: pair.sentMore, second: pair.sentLess)
            let a = try model.encode(pair.sentMore), b = try model.encode(pair.sentLess)
            let shared = SequenceMatcher(a, b).sharedPositions()
            let keep = shared.a.indices.filter { !model.specialTokenIDs.contains(a[shared.a[$0]]) }
            let engine = try scoring.pseudoLogLikelihood([pair.sentMore, pair.sentLess],
                                                         positions: [keep.map { shared.a[$0] }, keep.map { shared.b[$0] }])
            #expect(abs(more - engine[0].total) < 1e-3)
            #expect(abs(less - engine[1].total) < 1e-3)
            #expect(keep.count < a.count - 2 || a == b)
        }
    }
}
