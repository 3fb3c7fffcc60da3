import Foundation
import Testing
@testable import Inference

/// tiny_gpt2_public.json.
struct TinyGPT2Reference: Decodable, Sendable {
    struct NextToken: Decodable, Sendable, CustomTestStringConvertible {
        let prompt: String
        let ids: [Int]
        let top_ids: [Int]
        let top_logprobs: [Float]
        let top_tokens: [String]
        var testDescription: String { prompt }
    }
    struct Greedy: Decodable, Sendable, CustomTestStringConvertible {
        let prompt: String
        let new_ids: [Int]
        let text: String
        var testDescription: String { prompt }
    }
    struct SequenceLogProbability: Decodable, Sendable, CustomTestStringConvertible {
        let text: String
        let ids: [Int]
        let sum_logprob_after_first: Double
        var testDescription: String { text }
    }
    let next_token: [NextToken]
    let greedy: [Greedy]
    let sequence_logprob: [SequenceLogProbability]
}

@Suite struct GPT2ConformanceTests {
    static let reference: TinyGPT2Reference? = try? Fixtures.load("tiny_gpt2_public.json")
    static let model = Result { try GPT2Model(directory: Fixtures.model("tiny-gpt2")) }

    @Test func fixtureHasCases() {
        #expect((Self.reference?.next_token.count ?? 0) >= 4 && (Self.reference?.greedy.count ?? 0) >= 4)
    }

    @Test("next-token top-10 ids and log-probs within 1e-4", arguments: reference?.next_token ?? [])
    func nextTokenMatches(_ reference: TinyGPT2Reference.NextToken) throws {
        let model = try Self.model.get()
        #expect(model.tokenizer.encode(reference.prompt).ids == reference.ids)
        let logits = try model.logits(for: [reference.ids], cache: model.makeCache(batchSize: 1), allPositions: false).row(0)
        let logProbabilities = Softmax.logSoftmax(logits, width: logits.count)
        let top = topIndices(logProbabilities, reference.top_ids.count)
        #expect(top == reference.top_ids)
        #expect(maximumDifference(top.map { logProbabilities[$0] }, reference.top_logprobs) < 1e-4)
        #expect(top.map { model.tokenizer.decode([$0]) } == reference.top_tokens)
    }

    @Test("greedy generation gives transformers' ids exactly", arguments: reference?.greedy ?? [])
    func greedyMatches(_ reference: TinyGPT2Reference.Greedy) throws {
        let pipeline = TextGenerationPipeline(model: try Self.model.get())
        let results = try pipeline(reference.prompt, options: GenerationOptions(maxNewTokens: reference.new_ids.count))
        #expect(results.count == 1)
        #expect(results[0].tokenIDs == reference.new_ids)
        #expect(results[0].generatedText == reference.prompt + reference.text)
    }

    @Test func sequenceLogProbabilitiesMatchInOneBatch() throws {
        let cases = try #require(Self.reference?.sequence_logprob)
        let scores = try ScoringPipeline(model: try Self.model.get()).sequenceLogProbability(cases.map(\.text))
        for (score, reference) in zip(scores, cases) {
            #expect(abs(score.total - reference.sum_logprob_after_first) < 1e-4)
            #expect(score.tokens.map(\.id) == Array(reference.ids.dropFirst()))
            #expect(abs(score.tokens.map(\.logProbability).reduce(0, +) - score.total) < 1e-9)
        }
    }

    @Test func cachedStepsEqualOneFullPass() throws {
        let model = try Self.model.get()
        let ids = [504, 12996, 1137, 338, 14356, 14356]
        let full = try model.logits(for: [ids], cache: model.makeCache(batchSize: 1), allPositions: true)
        let cache = model.makeCache(batchSize: 1)
        _ = try model.logits(for: [Array(ids.prefix(3))], cache: cache, allPositions: false)
        for step in 3..<ids.count {
            let logits = try model.logits(for: [[ids[step]]], cache: cache, allPositions: false)
            #expect(maximumDifference(logits.row(0), full.row(step)) < 1e-4)
        }
        #expect(cache.length(of: 0) == ids.count)
    }

    @Test func positionsBeyondTheModelAreRefused() throws {
        let model = try Self.model.get()
        #expect(throws: ModelError.self) {
            _ = try model.logits(for: [Array(repeating: 5, count: 129)], cache: model.makeCache(batchSize: 1), allPositions: false)
        }
    }
}
