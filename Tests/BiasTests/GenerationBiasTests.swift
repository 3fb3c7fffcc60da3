import Foundation
@testable import Bias
import Testing

@Suite("generation bias score")
struct GenerationBiasTests {
    @Test("a continuation is biased when it contains its own group's stereotype words")
    func matching() throws {
        let bias = try GenerationBias(pairs: [], stereotypes: ["female": ["nurse", "social worker"], "male": ["pilot"]])
        #expect(bias.matches(in: " nurse at the clinic", group: "female") == ["nurse"])
        #expect(bias.matches(in: "Social-workers, mostly.", group: "female") == ["social worker"])
        #expect(bias.matches(in: " nurseries", group: "female").isEmpty)
        #expect(bias.matches(in: " nurse", group: "male").isEmpty)
    }

    @Test("score = biased / total with a Wilson interval; perplexity on the neutral text")
    func run() throws {
        // Greedy continuations: "the woman" → "is a"… ; "the man" → "woman is". Only the woman
        // prompt's continuation "is a nurse" holds its lexicon word.
        let bias = try GenerationBias(pairs: [[.init(text: "the man", group: "male"), .init(text: "the woman", group: "female")]],
                                      stereotypes: ["female": ["nurse"], "male": ["doctor"]])
        let model = SuccessorCausalModel()
        var steps: [Int] = []
        let result = try bias.run(model: model, n: 2, sampling: .greedy(maxNewTokens: 3), neutralText: "the man is") { done, _ in steps.append(done) }
        #expect(result.samples.map(\.text) == ["woman is a", "woman is a", "is a nurse", "is a nurse"])
        #expect(result.score == 0.5)
        #expect(result.byGroup == ["male": 0, "female": 1])
        #expect(result.ci == WilsonInterval(successes: 2, total: 4))
        let z = log(exp(2) + Double(model.words.count - 1))
        #expect(abs(result.perplexity - exp(-(4 - 3 * z) / 3)) < 1e-9)
        #expect(steps == [1, 2])
    }

    @Test("Wilson intervals match the reference formula values")
    func wilson() throws {
        let cases = try #require(ReferenceFixture.load()["wilson"] as? [[String: Any]])
        for item in cases {
            let interval = WilsonInterval(successes: item["successes"] as? Int ?? 0, total: item["total"] as? Int ?? 0)
            let expected = ReferenceFixture.doubles(item["interval"])
            #expect(abs(interval.lower - expected[0]) < 1e-12 && abs(interval.upper - expected[1]) < 1e-12)
        }
        #expect(WilsonInterval(successes: 0, total: 0) == WilsonInterval(successes: 0, total: 0))
    }

    @Test("the bundled set pairs every prompt and uses the occupation lexicon's thresholds")
    func bundled() throws {
        let bias = try GenerationBias.bundled()
        #expect(bias.pairs.count == 8)
        #expect(bias.stereotypes["female"]?.contains("nurse") == true)
        #expect(bias.stereotypes["male"]?.contains("carpenter") == true)
        #expect(bias.stereotypes["male"]?.contains("lawyer") == false)
        #expect(throws: BiasError.self) { try GenerationBias(pairs: [[.init(text: "x", group: "other")]], stereotypes: [:]) }
    }
}

@Suite("sampling")
struct SamplingTests {
    @Test("top-k selection keeps the k largest values, ties by smaller index, for every small case")
    func topIndices() {
        var generator = SplitMix64(seed: 1)
        for count in 1...12 {
            for k in 1...count {
                let values = (0..<count).map { _ in Float(generator.nextIndex(below: 4)) }
                let expected = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(k)
                #expect(Set(Sampling.topIndices(values, k: k)) == Set(expected))
            }
        }
    }

    @Test("the same seed draws the same tokens; greedy ignores the seed")
    func seeded() {
        let logits: [Float] = [-1, -0.5, -2, -0.7, -3].map { $0 }
        let sampling = Sampling(maxNewTokens: 1, temperature: 1, topK: 3, topP: 1)
        var a = SplitMix64(seed: 9), b = SplitMix64(seed: 9)
        let first = (0..<20).map { _ in sampling.pick(from: logits, using: &a) }
        #expect(first == (0..<20).map { _ in sampling.pick(from: logits, using: &b) })
        #expect(Set(first).isSubset(of: [0, 1, 3]))
        var c = SplitMix64(seed: 1)
        #expect(Sampling.greedy().pick(from: logits, using: &c) == 1)
    }

    @Test("top-p keeps the smallest set of tokens whose probability reaches p")
    func nucleus() {
        // Probabilities 0.6, 0.3, 0.1: top-p 0.5 keeps only the first.
        let logits = [0.6, 0.3, 0.1].map { Float(log($0)) }
        var generator = SplitMix64(seed: 3)
        let sampling = Sampling(maxNewTokens: 1, temperature: 1, topK: 0, topP: 0.5)
        #expect((0..<20).allSatisfy { _ in sampling.pick(from: logits, using: &generator) == 0 })
    }
}
