import Foundation
import Testing
@testable import Inference

/// `Tests/Fixtures/smollm2_public.json`: transformers' float32 outputs for SmolLM2-135M-Instruct
/// (the Q4_1 GGUF dequantised to float32).
struct SmolLM2Fixture: Decodable {
    struct NextToken: Decodable, Sendable { let prompt: String; let ids: [Int]; let top_ids: [Int]; let top_logprobs: [Double] }
    struct Greedy: Decodable, Sendable { let prompt: String; let new_ids: [Int] }
    struct Sequence: Decodable, Sendable { let text: String; let ids: [Int]; let sum_logprob_after_first: Double }
    let next_token: [NextToken]
    let greedy: [Greedy]
    let sequence_logprob: [Sequence]

    static let shared: SmolLM2Fixture? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/smollm2_public.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(SmolLM2Fixture.self, from: data)
    }()
}

/// Models loaded once for every test that needs them (loading dequantizes 135M weights).
enum SharedSmolLM2 {
    static let reference: LlamaModel? = BundledModel.smolLM2.flatMap { try? LlamaModel(ggufPath: $0, computePath: .float32Reference) }
    static let fast: LlamaModel? = BundledModel.smolLM2.flatMap { try? LlamaModel(ggufPath: $0, computePath: .fast) }
    static var available: Bool { BundledModel.smolLM2 != nil }
}

/// Log-softmax of one row of logits, in Double.
func logSoftmax(_ logits: ArraySlice<Float>) -> [Double] {
    let maximum = Double(logits.max() ?? 0)
    let total = logits.reduce(0.0) { $0 + exp(Double($1) - maximum) }
    let shift = maximum + log(total)
    return logits.map { Double($0) - shift }
}

/// The model's next-token log-probabilities after `ids`.
func nextTokenLogProbs(_ model: LlamaModel, _ ids: [Int]) throws -> [Double] {
    let cache = model.makeCache()
    return logSoftmax(try model.forward(ids, cache: cache)[...])
}

/// Greedy continuation of `ids` by `count` tokens, decoding one token at a time with the cache.
func greedy(_ model: LlamaModel, _ ids: [Int], count: Int) throws -> [Int] {
    let cache = model.makeCache()
    var logits = try model.forward(ids, cache: cache)
    var produced: [Int] = []
    for _ in 0..<count {
        let next = logits.indices.max { logits[$0] < logits[$1] } ?? 0
        produced.append(next)
        logits = try model.forward([next], cache: cache)
    }
    return produced
}

/// Σ_{i ≥ 1} log p(ids[i] | ids[..<i]) from one batched pass.
func sequenceLogProb(_ model: LlamaModel, _ ids: [Int]) throws -> Double {
    let cache = model.makeCache()
    let logits = try model.forward(ids, cache: cache, allLogits: true)
    let v = model.configuration.vocabularySize
    var total = 0.0
    for i in 1..<ids.count {
        total += logSoftmax(logits[((i - 1) * v)..<(i * v)])[ids[i]]
    }
    return total
}

@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct LlamaReferencePathTests {
    let fixture = try! #require(SmolLM2Fixture.shared)

    @Test func nextTokenLogProbsMatchTransformers() throws {
        let model = try #require(SharedSmolLM2.reference)
        for case_ in fixture.next_token {
            let logProbs = try nextTokenLogProbs(model, case_.ids)
            for (id, expected) in zip(case_.top_ids, case_.top_logprobs) {
                #expect(abs(logProbs[id] - expected) < 2e-2, "\(case_.prompt): token \(id) \(logProbs[id]) vs \(expected)")
            }
            let top5 = logProbs.indices.sorted { logProbs[$0] > logProbs[$1] }.prefix(5)
            #expect(Set(top5) == Set(case_.top_ids.prefix(5)), "\(case_.prompt)")
        }
    }

    @Test func greedyContinuationMatchesTransformers() throws {
        let model = try #require(SharedSmolLM2.reference)
        for case_ in fixture.greedy {
            let promptIDs = try #require(fixture.next_token.first { $0.prompt == case_.prompt }?.ids)
            let produced = try greedy(model, promptIDs, count: 8)
            #expect(produced == Array(case_.new_ids.prefix(8)), "\(case_.prompt)")
        }
    }

    @Test func sequenceLogProbsMatchTransformers() throws {
        let model = try #require(SharedSmolLM2.reference)
        for case_ in fixture.sequence_logprob {
            let total = try sequenceLogProb(model, case_.ids)
            #expect(abs(total - case_.sum_logprob_after_first) < 2e-2 * Double(case_.ids.count - 1), "\(case_.text): \(total)")
        }
    }
}

@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct LlamaRotaryLayoutTests {
    let fixture = try! #require(SmolLM2Fixture.shared)

    /// GGUF rows of a head are ordered (pair 0: dims 0,1; pair 1: dims 2,3, ...); Hugging Face
    /// orders them (first halves, then second halves). Row h·d + 2j + k of GGUF is row
    /// h·d + k·d/2 + j of Hugging Face.
    func huggingFaceRows(_ linear: LlamaLinear, heads: Int) -> LlamaLinear {
        let weights = linear.dense!
        let d = linear.rows / heads
        var out = [Float](repeating: 0, count: weights.count)
        for h in 0..<heads {
            for j in 0..<(d / 2) {
                for k in 0..<2 {
                    let from = (h * d + 2 * j + k) * linear.columns
                    let to = (h * d + k * d / 2 + j) * linear.columns
                    out[to..<(to + linear.columns)] = weights[from..<(from + linear.columns)]
                }
            }
        }
        return LlamaLinear(rows: linear.rows, columns: linear.columns, values: out)
    }

    @Test func rotateHalfOnGGUFWeightsGivesDifferentWrongPredictions() throws {
        let model = try #require(SharedSmolLM2.reference).replacing(rotaryLayout: .rotateHalf)
        var misses = 0
        for case_ in fixture.next_token {
            let logProbs = try nextTokenLogProbs(model, case_.ids)
            let worst = zip(case_.top_ids, case_.top_logprobs).map { abs(logProbs[$0] - $1) }.max() ?? 0
            if worst > 2e-2 { misses += 1 }
        }
        #expect(misses == fixture.next_token.count)
    }

    @Test func rotateHalfOnHuggingFaceOrderedWeightsMatchesAdjacentPairs() throws {
        let reference = try #require(SharedSmolLM2.reference)
        let config = reference.configuration
        let layers = reference.layers.map { layer in
            LlamaModel.Layer(attentionNorm: layer.attentionNorm,
                             query: huggingFaceRows(layer.query, heads: config.headCount),
                             key: huggingFaceRows(layer.key, heads: config.kvHeadCount),
                             value: layer.value, attentionOutput: layer.attentionOutput,
                             feedForwardNorm: layer.feedForwardNorm, gate: layer.gate, up: layer.up, down: layer.down)
        }
        let huggingFace = reference.replacing(rotaryLayout: .rotateHalf, layers: layers)
        let ids = fixture.next_token[0].ids
        let expected = try nextTokenLogProbs(reference, ids)
        let actual = try nextTokenLogProbs(huggingFace, ids)
        let difference = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-3)
    }
}

@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct LlamaFastPathTests {
    let fixture = try! #require(SmolLM2Fixture.shared)

    @Test func fastPathKeepsTopOneAndStaysWithinTwoHundredthsOfANat() throws {
        let model = try #require(SharedSmolLM2.fast)
        for case_ in fixture.next_token {
            let logProbs = try nextTokenLogProbs(model, case_.ids)
            for (id, expected) in zip(case_.top_ids, case_.top_logprobs) {
                #expect(abs(logProbs[id] - expected) < 2e-2, "\(case_.prompt): token \(id) \(logProbs[id]) vs \(expected)")
            }
            let top = logProbs.indices.max { logProbs[$0] < logProbs[$1] }
            #expect(top == case_.top_ids[0], "\(case_.prompt)")
        }
    }

    @Test func fastPathSequenceLogProbsStayClose() throws {
        let model = try #require(SharedSmolLM2.fast)
        for case_ in fixture.sequence_logprob {
            let total = try sequenceLogProb(model, case_.ids)
            #expect(abs(total - case_.sum_logprob_after_first) < 2e-2 * Double(case_.ids.count - 1), "\(case_.text): \(total)")
        }
    }

    /// The fast path's greedy continuation is the float32 path's (and transformers'), token for
    /// token, on every fixture prompt: 16-bit activations keep the answers.
    @Test func fastPathGreedyContinuationEqualsTheFloat32Path() throws {
        let fast = try #require(SharedSmolLM2.fast), reference = try #require(SharedSmolLM2.reference)
        for case_ in fixture.greedy {
            let promptIDs = try #require(fixture.next_token.first { $0.prompt == case_.prompt }?.ids)
            let produced = try greedy(fast, promptIDs, count: case_.new_ids.count)
            #expect(produced == case_.new_ids, "\(case_.prompt)")
            #expect(produced == (try greedy(reference, promptIDs, count: case_.new_ids.count)), "\(case_.prompt)")
        }
    }

    /// Teacher forcing: at every step transformers' choice is the fast path's best.
    @Test func fastPathAgreesWithTransformersGreedyChoices() throws {
        let model = try #require(SharedSmolLM2.fast)
        for case_ in fixture.greedy {
            let promptIDs = try #require(fixture.next_token.first { $0.prompt == case_.prompt }?.ids)
            let cache = model.makeCache()
            let all = try model.forward(promptIDs + case_.new_ids, cache: cache, allLogits: true)
            let v = model.configuration.vocabularySize
            for (step, expected) in case_.new_ids.enumerated() {
                let row = promptIDs.count - 1 + step
                let logProbs = logSoftmax(all[(row * v)..<((row + 1) * v)])
                let best = logProbs.max() ?? 0
                #expect(logProbs[expected] == best, "\(case_.prompt) step \(step): \(best - logProbs[expected])")
            }
        }
    }

    /// One batched pass and token-by-token decoding agree to rounding, on both paths (on the fast
    /// path a token's products do not depend on the batch, but attention sums over the cache in
    /// another order).
    @Test(arguments: [LlamaModel.ComputePath.float32Reference, .fast])
    func decodingWithTheCacheEqualsOneBatchedPass(path: LlamaModel.ComputePath) throws {
        let model = try #require(path == .fast ? SharedSmolLM2.fast : SharedSmolLM2.reference)
        let ids = fixture.sequence_logprob[0].ids
        let batched = model.makeCache()
        let all = try model.forward(ids, cache: batched, allLogits: true)
        let stepwise = model.makeCache()
        var last: [Float] = []
        for id in ids { last = try model.forward([id], cache: stepwise) }
        let v = model.configuration.vocabularySize
        #expect(stepwise.length(of: 0) == ids.count && batched.length(of: 0) == ids.count)
        let difference = zip(all[((ids.count - 1) * v)...], last).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-3, "\(difference)")
    }

    /// Several sequences in one call (the weight products batched) give each sequence's own
    /// logits; `sequences:` continues any subset of a cache, and copies of a cache continue alike.
    /// On the fast path the equality is exact: a row's sums never depend on the other rows, so
    /// a score does not change with what else is in the batch.
    @Test(arguments: [LlamaModel.ComputePath.float32Reference, .fast])
    func aBatchOfSequencesEqualsEachRunAlone(path: LlamaModel.ComputePath) throws {
        let model = try #require(path == .fast ? SharedSmolLM2.fast : SharedSmolLM2.reference)
        let tolerance: Float = path == .fast ? 0 : 1e-3
        let v = model.configuration.vocabularySize
        let first = Array(fixture.sequence_logprob[0].ids.prefix(6)), second = [504, 3458, 314]
        let alone = try [first, second].map { try model.forward($0, cache: model.makeCache()) }
        let cache = model.makeCache(batchSize: 3)
        let together = try model.logits(for: [second, first], sequences: [2, 0], cache: cache, allPositions: false)
        #expect(cache.length(of: 0) == first.count && cache.length(of: 1) == 0 && cache.length(of: 2) == second.count)
        #expect(zip(together.row(0), alone[1]).map { abs($0 - $1) }.max()! <= tolerance)
        #expect(zip(together.row(1), alone[0]).map { abs($0 - $1) }.max()! <= tolerance)

        let copies = KeyValueCache(repeating: 0, of: cache, count: 2)
        let next = try model.logits(for: [[13], [13]], cache: copies, allPositions: false)
        let continued = try model.forward([13], cache: cache, sequence: 0)
        #expect(next.shape == [2, v])
        #expect(zip(next.row(1), continued).map { abs($0 - $1) }.max()! <= tolerance)
        #expect(throws: ModelError.self) { try model.logits(for: [[1], [2]], sequences: [0, 0], cache: copies, allPositions: false) }
    }
}
