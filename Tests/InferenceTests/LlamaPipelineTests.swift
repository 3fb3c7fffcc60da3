import Foundation
import Testing
@testable import Inference

/// The tokenizer built from the GGUF metadata alone, against transformers' ids.
@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct GGUFTokenizerTests {
    static let tokenizer: ByteLevelBPETokenizer? = BundledModel.smolLM2.flatMap { path in
        (try? GGUFFile(path: path)).flatMap { try? GGUFTokenizer.load(from: $0) }
    }

    @Test(arguments: (try? Fixtures.load("bpe_public.json", as: [BPECase].self)) ?? [])
    func encodesLikeTransformers(_ case_: BPECase) throws {
        let tokenizer = try #require(Self.tokenizer)
        #expect(tokenizer.encode(case_.text).ids == case_.ids)
        #expect(tokenizer.decode(case_.ids) == case_.decoded)
    }

    @Test func encodesTheFixturePromptsAndKnowsItsSpecialTokens() throws {
        let tokenizer = try #require(Self.tokenizer)
        let fixture = try #require(SmolLM2Fixture.shared)
        for case_ in fixture.next_token { #expect(tokenizer.encode(case_.prompt).ids == case_.ids) }
        for case_ in fixture.sequence_logprob { #expect(tokenizer.encode(case_.text).ids == case_.ids) }
        #expect(tokenizer.specialTokens.beginning == SpecialTokens.Token(text: "<|im_start|>", id: 1))
        #expect(tokenizer.specialTokens.end == SpecialTokens.Token(text: "<|im_end|>", id: 2))
        #expect(tokenizer.encode("<|im_start|>user\nHi<|im_end|>").ids.first == 1)
        #expect(tokenizer.vocabularySize == 49152)
    }

    @Test func refusesUnknownPreTokenizers() throws {
        var builder = GGUFBuilder()
        builder.add("tokenizer.ggml.model", .string("gpt2"))
        builder.add("tokenizer.ggml.pre", .string("qwen2"))
        builder.add("tokenizer.ggml.tokens", .array(elementType: .string, values: [.string("a")]))
        #expect(throws: GGUFError.self) { try GGUFTokenizer.load(from: builder.file()) }
        var sentencePiece = GGUFBuilder()
        sentencePiece.add("tokenizer.ggml.model", .string("llama"))
        do {
            _ = try GGUFTokenizer.load(from: sentencePiece.file())
            Issue.record("a SentencePiece tokenizer was accepted")
        } catch let error as GGUFError {
            #expect(error.description.contains("byte-level BPE"))
        }
    }
}

/// engine-core's pipelines running on SmolLM2 through `CausalLanguageModel`.
@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct LlamaPipelineTests {
    let fixture = try! #require(SmolLM2Fixture.shared)

    @Test func textGenerationContinuesLikeTransformers() throws {
        let pipeline = TextGenerationPipeline(model: try #require(SharedSmolLM2.reference))
        let result = try pipeline("This man works as a", options: GenerationOptions(maxNewTokens: 8))
        let expected = try #require(fixture.greedy.first { $0.prompt == "This man works as a" })
        #expect(result.first?.tokenIDs == Array(expected.new_ids.prefix(8)))
        #expect(result.first?.generatedText == "This man works as a marketing specialist, but he's also a")
    }

    @Test func sequenceScoringMatchesTransformers() throws {
        let pipeline = ScoringPipeline(model: try #require(SharedSmolLM2.reference))
        let scores = try pipeline.sequenceLogProbability(fixture.sequence_logprob.map(\.text))
        for (score, case_) in zip(scores, fixture.sequence_logprob) {
            #expect(abs(score.total - case_.sum_logprob_after_first) < 0.1, "\(case_.text): \(score.total)")
        }
        // The bias the labs measure: the woman sentence is the more likely one.
        #expect(scores[1].total > scores[0].total)
    }

    @Test func modelLoaderFindsTheGGUFInAModelFolder() throws {
        let path = try #require(BundledModel.smolLM2)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        #expect(LlamaModel.accepts(directory: folder))
        #expect(!LlamaModel.accepts(directory: Fixtures.model("tiny-gpt2")))
        #expect(LlamaModel.computePath(environment: ["LABRUN_LLAMA_COMPUTE": "float32"]) == .float32Reference)
        #expect(LlamaModel.computePath(environment: [:]) == .fast)
    }
}
