import Foundation
import Testing
import Training
@testable import LabRun

/// `evaluate.load("perplexity")`: Hugging Face evaluate's metric, checked against transformers'
/// sequence log-probabilities of the tiny GPT-2 fixture and against the training engine's loss.
@Suite struct PerplexityMetricTests {
    /// Sums of log P(token_i | tokens before it), i ≥ 1, from transformers (tiny_gpt2_public.json):
    /// "The man was a nurse." and "He is good at math.", six tokens each.
    static let transformersSums = [-54.16418, -53.80583]

    static func numbers(_ line: Substring) -> [Double] {
        line.split(whereSeparator: { " [],".contains($0) }).compactMap { Double($0) }
    }

    @Test func withoutAStartTokenItIsTheExponentOfTransformersMeanLogProbability() throws {
        let (output, error) = try LabrunModuleTests.run("""
            import evaluate
            perplexity = evaluate.load("perplexity", module_type="metric")
            r = perplexity.compute(predictions=["The man was a nurse.", "He is good at math."], model_id="FIXTURES/tiny-gpt2",
                                   add_start_token=False, batch_size=1)
            print(r["perplexities"])
            print(r["mean_perplexity"])
            """)
        #expect(error == nil)
        let lines = output.split(separator: "\n")
        let perplexities = Self.numbers(lines[0])
        let expected = Self.transformersSums.map { exp(-$0 / 5) }
        #expect(perplexities.count == 2)
        for (value, reference) in zip(perplexities, expected) {
            #expect(abs(value - reference) / reference < 1e-4)
        }
        #expect(abs(Self.numbers(lines[1])[0] - (expected[0] + expected[1]) / 2) / expected[0] < 1e-4)
    }

    @Test func withTheStartTokenItIsTheExponentOfTheTrainingEnginesLoss() throws {
        let fixture = StepSessionTests.fixtures.appendingPathComponent("tiny-gpt2")
        let model = try TrainableModels.load(directory: fixture)
        let ids = [0, 504, 555, 436, 253, 12996, 30]  // <|endoftext|> and "The man was a nurse."
        let loss = try model.loss(CausalLMCollator(padTokenID: 0).batch([ids], promptLengths: [0]))
        let (output, error) = try LabrunModuleTests.run("""
            import evaluate
            print(evaluate.load("perplexity").compute(predictions=["The man was a nurse."], model_id="FIXTURES/tiny-gpt2")["mean_perplexity"])
            """)
        #expect(error == nil)
        let value = try #require(Double(output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(abs(value - exp(loss)) / exp(loss) < 1e-4)
    }

    @Test func aTextTooShortToScoreIsNamedWithItsIndex() throws {
        let (_, error) = try LabrunModuleTests.run("""
            import evaluate
            evaluate.load("perplexity").compute(predictions=["The man was a nurse.", "Hi"], model_id="FIXTURES/tiny-gpt2", add_start_token=False)
            """)
        let summary = try #require(error?.summary)
        #expect(summary.hasPrefix("ValueError: compute(): predictions[1] ('Hi') has too few tokens to score"))
    }

    @Test func aMaskedModelIsRefusedWithTheKindItNeeds() throws {
        let (_, error) = try LabrunModuleTests.run("""
            import evaluate
            evaluate.load("perplexity").compute(predictions=["The man was a nurse."], model_id="FIXTURES/tiny-bert-mlm")
            """)
        let summary = try #require(error?.summary)
        #expect(summary.contains("ValueError"))
        #expect(summary.contains("causal"))
    }
}
