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
