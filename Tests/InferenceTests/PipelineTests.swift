import Foundation
import Testing
@testable import Inference

@Suite struct FillMaskPipelineTests {
    static let directory = Fixtures.model("tiny-bert-mlm")

    @Test func topKPredictionsFollowTheReferenceOrderWithScoresFromTheSoftmax() throws {
        let reference = try #require(BERTConformanceTests.tinyCases.first)
        let pipeline = FillMaskPipeline(model: try ModelLoader.load(directory: Self.directory).maskedLanguageModel())
        let predictions = try pipeline(reference.text, topK: 3)
        #expect(predictions.count == 1)
        let mask = reference.masks[0]
        #expect(predictions[0].map(\.token) == Array(mask.top_ids.prefix(3)))
        let expected = (0..<3).map { exp(Double(mask.top_logits[$0]) - Double(mask.logsumexp!)) }
        #expect(zip(predictions[0].map(\.score), expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(predictions[0][0].tokenString == "comet")
        #expect(predictions[0][0].sequence == "this man works as a comet.")
    }

    @Test func severalMasksGiveOneListEachAndKeepSpecialTokensInSequences() throws {
        let pipeline = FillMaskPipeline(model: try ModelLoader.load(directory: Self.directory).maskedLanguageModel())
        let predictions = try pipeline("He is a [MASK] and she is a [MASK].", topK: 2)
        #expect(predictions.count == 2)
        #expect(predictions[0][0].token == 15699)
        #expect(predictions[0][0].sequence == "[CLS] he is a comet and she is a [MASK]. [SEP]")
    }

    @Test func targetsRestrictTheCandidates() throws {
        let pipeline = FillMaskPipeline(model: try ModelLoader.load(directory: Self.directory).maskedLanguageModel())
        let predictions = try pipeline("This man works as a [MASK].", topK: 5, targets: ["doctor", "nurse", "comet"])
        #expect(predictions[0].map(\.tokenString) == ["comet", "doctor", "nurse"] || predictions[0].map(\.tokenString) == ["comet", "nurse", "doctor"])
        #expect(predictions[0].count == 3)
    }

    @Test func textWithoutMaskIsRefused() throws {
        let pipeline = FillMaskPipeline(model: try ModelLoader.load(directory: Self.directory).maskedLanguageModel())
        #expect {
            _ = try pipeline("No mask here.")
        } throws: { error in "\(error)".contains("no mask token ([MASK])") }
    }

    @Test func aModelIsLoadedOnceAndSharedBetweenPipelines() throws {
        let cache = ModelCache()
        let loaded = try cache.model(at: Self.directory)
        #expect(try cache.model(at: Self.directory) === loaded)
        let fill = FillMaskPipeline(model: try loaded.maskedLanguageModel())
        let features = FeatureExtractionPipeline(model: try loaded.textEncoder())
        #expect(fill.model === (features.model as? BERTModel))
        #expect(loaded.tasks == [.fillMask, .featureExtraction, .sentenceScoring])
    }

    @Test func aModelWithoutAnMLMHeadCannotFillMasks() throws {
        guard let directory = Fixtures.miniLM else { return }
        #expect {
            _ = try FillMaskPipeline(model: try ModelLoader.load(directory: directory).maskedLanguageModel())("a [MASK].")
        } throws: { error in "\(error)".contains("no masked-LM head") }
    }
}

@Suite struct FeatureExtractionPipelineTests {
    @Test("sentence embeddings of all-MiniLM-L6-v2 in one batch match the reference")
    func batchedSentenceEmbeddingsMatch() throws {
        guard let directory = Fixtures.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let cases = BERTConformanceTests.miniLMCases
        let vectors = try FeatureExtractionPipeline(model: try ModelLoader.load(directory: directory).textEncoder()).sentenceEmbeddings(cases.map(\.text), batchSize: 5)
        for (vector, reference) in zip(vectors, cases) {
            #expect(maximumDifference(vector, reference.embedding) < 1e-4)
        }
    }

    @Test func textsLongerThanTheModelAreCutLikeSentenceTransformers() throws {
        let pipeline = FeatureExtractionPipeline(model: try ModelLoader.load(directory: Fixtures.model("tiny-bert-mlm")).textEncoder())
        let long = Array(repeating: "word", count: 300).joined(separator: " ")
        let vectors = try pipeline.sentenceEmbeddings([long, "word"])
        #expect(vectors.count == 2 && vectors.allSatisfy { $0.count == 32 })
        #expect(throws: ModelError.self) { _ = try pipeline(long) }
    }

    @Test func tokenFeaturesHaveOneRowPerToken() throws {
        let features = try FeatureExtractionPipeline(model: try ModelLoader.load(directory: Fixtures.model("tiny-bert-mlm")).textEncoder())("Hello, world!")
        #expect(features.count == 6 && features.allSatisfy { $0.count == 32 })
    }
}

@Suite struct TextGenerationPipelineTests {
    static let directory = Fixtures.model("tiny-gpt2")

    @Test func seededSamplingIsRepeatableAndSeedsDiffer() throws {
        let pipeline = TextGenerationPipeline(model: try ModelLoader.load(directory: Self.directory).causalLanguageModel())
        let options = GenerationOptions(maxNewTokens: 8, doSample: true, temperature: 0.9, topK: 40, topP: 0.95, seed: 42,
                                        numReturnSequences: 2)
        let first = try pipeline("The nurse said that", options: options)
        let again = try pipeline("The nurse said that", options: options)
        #expect(first == again)
        #expect(first.count == 2 && first.allSatisfy { $0.tokenIDs.count == 8 && $0.generatedText.hasPrefix("The nurse said that") })
        var other = options
        other.seed = 43
        #expect(try pipeline("The nurse said that", options: other) != first)
    }

    @Test func topKOfOneIsGreedy() throws {
        let pipeline = TextGenerationPipeline(model: try ModelLoader.load(directory: Self.directory).causalLanguageModel())
        let greedy = try pipeline("This woman works as a", options: GenerationOptions(maxNewTokens: 6))
        let sampled = try pipeline("This woman works as a", options: GenerationOptions(maxNewTokens: 6, doSample: true, topK: 1, seed: 1))
        #expect(greedy[0].tokenIDs == sampled[0].tokenIDs)
    }

    @Test func generationStopsAtEndOfSequence() throws {
        let model = try GPT2ConformanceTests.model.get()
        // Greedy from this prompt repeats token 14356; declaring it the end token must stop after one.
        let stopping = EndTokenOverride(base: model, endTokens: [14356])
        let results = try TextGenerationPipeline(model: stopping)("The nurse said that", options: GenerationOptions(maxNewTokens: 5))
        #expect(results[0].tokenIDs == [14356])
    }

    @Test func severalGreedySequencesAreRefused() throws {
        let pipeline = TextGenerationPipeline(model: try ModelLoader.load(directory: Self.directory).causalLanguageModel())
        #expect(throws: PipelineError.self) { _ = try pipeline("Hi", options: GenerationOptions(numReturnSequences: 2)) }
    }

    @Test func sameSeedSameNumbers() {
        var a = SeededGenerator(seed: 2024), b = SeededGenerator(seed: 2024)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 0)
        #expect((0..<1000).map { _ in c.uniform() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}

/// A causal model that forwards to another but ends sequences at chosen ids (tests the EOS stop).
final class EndTokenOverride: CausalLanguageModel {
    let base: any CausalLanguageModel
    let endTokens: Set<Int>
    init(base: any CausalLanguageModel, endTokens: Set<Int>) {
        self.base = base
        self.endTokens = endTokens
    }
    var tokenizer: any Tokenizer { base.tokenizer }
    var vocabularySize: Int { base.vocabularySize }
    var endOfSequenceTokenIDs: Set<Int> { endTokens }
    var maximumSequenceLength: Int { base.maximumSequenceLength }
    func makeCache(batchSize: Int) -> KeyValueCache { base.makeCache(batchSize: batchSize) }
    func logits(for tokens: [[Int]], sequences: [Int], cache: KeyValueCache, allPositions: Bool) throws -> Tensor {
        try base.logits(for: tokens, sequences: sequences, cache: cache, allPositions: allPositions)
    }
}

@Suite struct ScoringPipelineTests {
    @Test func pseudoLogLikelihoodSumsEachMaskedTokensLogProbability() throws {
        let model = try BERTConformanceTests.tiny.get()
        let scorer = ScoringPipeline(model: model, batchSize: 3)
        let text = "The man was a nurse."
        let scores = try scorer.pseudoLogLikelihood([text, "The woman was a nurse."])
        #expect(scores.count == 2)
        let ids = model.tokenizer.encode(text).ids
        #expect(scores[0].tokens.map(\.position) == Array(1..<(ids.count - 1)))
        // Check one term by hand: mask position 2 and read the log-softmax of the true id.
        var masked = ids
        masked[2] = 103
        let row = try model.logits(for: [masked], at: [[2]]).row(0)
        let expected = Double(row[ids[2]] - Softmax.logSumExp(row, width: row.count))
        #expect(abs(scores[0].tokens[1].logProbability - expected) < 1e-5)
        #expect(abs(scores[0].total - scores[0].tokens.map(\.logProbability).reduce(0, +)) < 1e-9)
        #expect(scores[0].total < 0)
    }

    @Test func pseudoLogLikelihoodOverASubsetOfPositions() throws {
        let scorer = ScoringPipeline(model: try BERTConformanceTests.tiny.get())
        let all = try scorer.pseudoLogLikelihood(["The man was a nurse."])[0]
        let subset = try scorer.pseudoLogLikelihood(["The man was a nurse."], positions: [[2, 5]])[0]
        #expect(subset.tokens.map(\.position) == [2, 5])
        #expect(abs(subset.total - (all.tokens[1].logProbability + all.tokens[4].logProbability)) < 1e-5)
        #expect(throws: PipelineError.self) { _ = try scorer.pseudoLogLikelihood(["short"], positions: [[9]]) }
    }

    @Test func aMaskedModelCannotScoreCausally() throws {
        let scorer = ScoringPipeline(model: try BERTConformanceTests.tiny.get())
        #expect {
            _ = try scorer.sequenceLogProbability(["hello"])
        } throws: { error in "\(error)".contains("needs a causal language model such as GPT-2") }
    }
}

@Suite struct ModelLoaderTests {
    @Test func aLoadedModelRecordsItsFilesTokenizerAndNumericPath() throws {
        guard let path = BundledModel.smolLM2 else {
            print("skipped: SmolLM2-135M-Instruct is not installed (run scripts/install-models.sh)")
            return
        }
        let gguf = URL(fileURLWithPath: path)
        let digests = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-digests-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: digests) }
        let model = try ModelLoader.load(ModelLoader.ModelFiles(id: "HuggingFaceTB/SmolLM2-135M-Instruct", directory: gguf.deletingLastPathComponent(),
                                                                gguf: gguf, fingerprint: WeightsFingerprint(cacheFile: digests)))
        #expect(model.id == "HuggingFaceTB/SmolLM2-135M-Instruct" && model.architecture == "llama")
        #expect(model.weightsFile == gguf && model.tokenizerKind == "byte-level BPE")
        #expect(model.numericPath == "gguf \(LlamaModel.computePath().rawValue)")
        #expect(model.causal != nil && model.masked == nil && model.encoder == nil)
        #expect(model.weightsDigest == (try FileDigest.hex(of: gguf)))
        #expect(FileManager.default.fileExists(atPath: digests.path))
        let bert = try ModelLoader.load(directory: Fixtures.model("tiny-bert-mlm"))
        #expect(bert.numericPath == "float32" && bert.tokenizerKind == "WordPiece" && bert.weightsDigest == nil)
        #expect(bert.weightsFile?.lastPathComponent == "model.safetensors")
    }

    @Test func unknownModelTypeIsNamedWithTheSupportedOnes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"model_type": "t5"}"#.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try ModelLoader.load(directory: directory)
        } throws: { error in
            "\(error)".contains("config.json") && "\(error)".contains("model_type \"t5\" is not supported") && "\(error)".contains("bert")
        }
    }

    @Test func missingFolderIsNamed() {
        let missing = URL(fileURLWithPath: "/nonexistent/labrun-model")
        #expect {
            _ = try ModelCache().model(at: missing)
        } throws: { error in "\(error)".contains("/nonexistent/labrun-model") }
    }

    @Test func aModelOfTheWrongKindSaysWhatItCannotDo() throws {
        let bert = try ModelLoader.load(directory: Fixtures.model("tiny-bert-mlm"))
        #expect {
            _ = try bert.causalLanguageModel()
        } throws: { error in "\(error)".contains("cannot generate text (it is not a causal language model such as GPT-2 or Llama)") }
        let gpt2 = try ModelLoader.load(directory: Fixtures.model("tiny-gpt2"))
        #expect(throws: ModelError.self) { try gpt2.maskedLanguageModel() }
        #expect(throws: ModelError.self) { try gpt2.textEncoder() }
        #expect(gpt2.tasks == [.fillMask, .textGeneration, .sentenceScoring])
    }
}
