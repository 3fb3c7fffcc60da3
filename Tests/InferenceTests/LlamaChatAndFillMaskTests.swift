import Foundation
import Testing
@testable import Inference

@Suite struct ChatTemplateTests {
    let smolTemplate = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"

    @Test func recognisesChatMLAndItsDefaultSystemPrompt() throws {
        let template = try #require(ChatTemplate(jinja: smolTemplate))
        #expect(template.defaultSystemPrompt == "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        #expect(ChatTemplate(jinja: "{{ bos_token }}[INST] {{ message }} [/INST]") == nil)
    }

    @Test func rendersLikeTransformersApplyChatTemplate() throws {
        let template = try #require(ChatTemplate(jinja: smolTemplate))
        let text = try template.render([ChatMessage(role: "user", content: "Hi!")])
        #expect(text == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n")
        let withSystem = try template.render([ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi")],
                                             addGenerationPrompt: false)
        #expect(withSystem == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n")
    }

    @Test func refusesEmptyChats() throws {
        #expect(throws: PipelineError.self) { try ChatTemplate().render([]) }
    }
}

@Suite struct CausalFillMaskSplitTests {

    @Test func acceptsAMaskFollowedOnlyByPunctuation() throws {
        let (prefix, suffix, spaced) = try CausalFillMaskPipeline.split("The nurse is a [MASK].")
        #expect(prefix == "The nurse is a" && suffix == "." && spaced)
        #expect(try CausalFillMaskPipeline.split("He said: [MASK]!?").suffix == "!?")
        #expect(try CausalFillMaskPipeline.split("(<mask>)").spaced == false)
    }

    @Test func refusesMasksElsewhereWithAClearError() {
        for text in ["The [MASK] is a nurse.", "No mask here.", "[MASK] and [MASK]."] {
            do {
                _ = try CausalFillMaskPipeline.split(text)
                Issue.record("accepted \(text)")
            } catch let error as PipelineError {
                #expect(error.description.contains("[MASK]"), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func wordStartsNeedALetterAndTheRightSpacing() {
        #expect(CausalFillMaskPipeline.startsWord(" doctor", spaced: true))
        #expect(!CausalFillMaskPipeline.startsWord("doctor", spaced: true))
        #expect(!CausalFillMaskPipeline.startsWord(" 12", spaced: true))
        #expect(!CausalFillMaskPipeline.startsWord(" \"", spaced: true))
        #expect(CausalFillMaskPipeline.startsWord("doctor", spaced: false))
    }
}

@Suite(.enabled(if: SharedSmolLM2.available, "SmolLM2 GGUF is not installed (scripts/install-models.sh)"))
struct LlamaChatAndFillMaskTests {
    /// The reply is transformers' ("The capital of France is Paris.", ended by <|im_end|>) on the
    /// float32 path and on the fast path (whose 8-bit activations once flipped the first reply
    /// token here; its 16-bit ones keep it).
    @Test func chatRepliesAsTheAssistant() throws {
        let messages = [ChatMessage(role: "user", content: "What is the capital of France?")]
        let reference = try #require(SharedSmolLM2.reference)
        #expect(reference.chatTemplate?.defaultSystemPrompt?.contains("SmolLM") == true)
        let result = try #require(try TextGenerationPipeline(model: reference)(messages, options: GenerationOptions(maxNewTokens: 16)).first)
        #expect(result.messages.count == 2)
        #expect(result.messages.last?.role == "assistant")
        #expect(result.reply == "The capital of France is Paris.", "\(result.reply)")
        #expect(result.tokenIDs.last == 2)
        let fastModel = try #require(SharedSmolLM2.fast)
        let fast = try #require(try TextGenerationPipeline(model: fastModel)(messages, options: GenerationOptions(maxNewTokens: 16)).first)
        #expect(fast.reply == "The capital of France is Paris.", "\(fast.reply)")
        #expect(fast.tokenIDs == result.tokenIDs)
    }

    @Test func chatOnAModelWithoutTemplateIsAClearError() throws {
        let gpt2 = try GPT2Model(directory: Fixtures.model("tiny-gpt2"))
        #expect(throws: PipelineError.self) {
            try TextGenerationPipeline(model: gpt2)([ChatMessage(role: "user", content: "Hi")])
        }
    }

    @Test func fillsAFinalMaskWithWholeWordsRankedByTheCausalModel() throws {
        let pipeline = CausalFillMaskPipeline(model: try #require(SharedSmolLM2.fast))
        let predictions = try pipeline("The capital of France is [MASK].", topK: 5, candidateCount: 10)
        #expect(predictions.first?.tokenString == "Paris", "\(predictions.map(\.tokenString))")
        #expect(predictions.first?.sequence == "The capital of France is Paris.")
        #expect(predictions.allSatisfy { $0.rankedBy == "causal" })
        #expect(zip(predictions, predictions.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(predictions.map(\.score).reduce(0, +) <= 1 + 1e-9)
    }

    /// The candidates continue copies of the prefix's cache in one batch; on the float32 path
    /// that equals log P(prefix + word + suffix) − log P(prefix) computed from scratch.
    @Test func aCandidatesLogProbabilityIsThatOfTheFilledTextAfterThePrefix() throws {
        let model = try #require(SharedSmolLM2.reference)
        let predictions = try CausalFillMaskPipeline(model: model)("The woman worked as a [MASK].", targets: ["nurse", "firefighter"])
        for prediction in predictions {
            let filled = model.tokenizer.encode("The woman worked as a \(prediction.tokenString).").ids
            let prefix = model.tokenizer.encode("The woman worked as a").ids
            let expected = try sequenceLogProb(model, filled) - sequenceLogProb(model, prefix)
            #expect(abs(prediction.logProbability - expected) < 2e-3, "\(prediction.tokenString)")
        }
    }

    @Test func targetsAreScoredAsWholeWordsAndNormalisedOverThem() throws {
        let pipeline = CausalFillMaskPipeline(model: try #require(SharedSmolLM2.fast))
        let predictions = try pipeline("The woman worked as a [MASK].", targets: ["nurse", "engineer", "firefighter"])
        #expect(Set(predictions.map(\.tokenString)) == ["nurse", "engineer", "firefighter"])
        #expect(abs(predictions.map(\.score).reduce(0, +) - 1) < 1e-9)
        let firefighter = try #require(predictions.first { $0.tokenString == "firefighter" })
        #expect(firefighter.tokenIDs.count >= 1)
    }
}
