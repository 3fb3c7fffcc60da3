import Foundation
import Inference
import LabScript
import Testing
@testable import LabRun

/// The per-run model context: models load once through a cache several runs share, what ran is
/// recorded at load time for the provenance, and `set_seed` belongs to one run.
@Suite struct ModelProviderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/models")

    static func provider(cache: ModelCache = ModelCache(), folder: URL = FileManager.default.temporaryDirectory) -> ModelProvider {
        let state = LabRunState(root: folder.appendingPathComponent("home"))
        let hub = ModelHub(modelsFolder: state.modelsFolder,
                           settings: HubSettings(environment: ["HF_HUB_OFFLINE": "1", "HF_HOME": folder.appendingPathComponent("hf").path]))
        return ModelProvider(state: state, hub: hub, cache: cache, progress: nil)
    }

    /// Runs `code` with the action modules bound to `provider` and returns what it printed.
    static func run(_ code: String, provider: ModelProvider) throws -> String {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        ActionModules.register(in: interpreter, models: provider)
        try interpreter.run(code.replacingOccurrences(of: "FIXTURES", with: fixtures.path))
        return printed
    }

    @Test func providersSharingACacheLoadEachModelOnce() throws {
        let cache = ModelCache()
        let first = Self.provider(cache: cache), second = Self.provider(cache: cache)
        let bert = Self.fixtures.appendingPathComponent("tiny-bert-mlm").path
        #expect(try first.model(bert, task: "fill-mask") === second.model(bert, task: "feature-extraction"))
        #expect(try Self.provider().model(bert, task: "fill-mask") !== first.model(bert, task: "fill-mask"))
    }

    @Test func aTokenizerWithoutAMaskTokenSaysNoneAsTransformersDoes() throws {
        let printed = try Self.run("""
            from transformers import AutoTokenizer
            tokenizer = AutoTokenizer.from_pretrained("FIXTURES/tiny-gpt2")
            print(tokenizer.mask_token, tokenizer.mask_token_id, tokenizer.eos_token is None or len(tokenizer.eos_token) > 0)
            """, provider: Self.provider())
        #expect(printed == "None None True\n")
    }

    @Test func theProvenanceIsWhatLoadingRecorded() throws {
        let provider = Self.provider(cache: ModelCache(fingerprint: WeightsFingerprint(cacheFile: FileManager.default.temporaryDirectory
            .appendingPathComponent("labrun-digests-\(UUID()).json"))))
        let printed = try Self.run("""
            from transformers import pipeline, AutoTokenizer
            unmasker = pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")
            print(len(unmasker("a [MASK].", top_k=2)))
            tokenizer = AutoTokenizer.from_pretrained("FIXTURES/tiny-gpt2")
            print(tokenizer.tokenize("hello world"))
            """, provider: provider)
        #expect(printed == "2\n['hello', 'Ġworld']\n")
        let models = Provenance.of(provider).models
        #expect(models.map(\.task) == ["fill-mask", "tokenizer"])
        #expect(models.map(\.tokenizer) == ["WordPiece", "byte-level BPE"])
        #expect(models.map(\.precision) == ["float32", "tokenizer only"])
        let weights = Self.fixtures.appendingPathComponent("tiny-bert-mlm/model.safetensors")
        #expect(models[0].weightsSHA256 == String(try FileDigest.hex(of: weights).prefix(12)))
        #expect(models[1].weightsSHA256?.count == 12)
    }

    @Test func setSeedBelongsToTheRunThatCalledIt() throws {
        let seeded = Self.provider(), other = Self.provider()
        _ = try Self.run("from transformers import set_seed\nset_seed(7)", provider: seeded)
        #expect(seeded.seed == 7)
        #expect(other.seed == nil)
        let code = """
            from transformers import pipeline
            generator = pipeline("text-generation", model="FIXTURES/tiny-gpt2")
            print(generator("the", max_new_tokens=3, do_sample=True)[0]["generated_text"])
            """
        let first = try Self.run(code, provider: seeded)
        #expect(seeded.seeds == [7])
        let again = Self.provider()
        _ = try Self.run("from transformers import set_seed\nset_seed(7)", provider: again)
        #expect(try Self.run(code, provider: again) == first)
    }

    @Test func aModelOfTheWrongKindIsRefusedWithTheModelToUseInstead() throws {
        #expect {
            _ = try Self.run("""
                from transformers import pipeline
                pipeline("text-generation", model="FIXTURES/tiny-bert-mlm")("Hello")
                """, provider: Self.provider())
        } throws: { error in
            "\(error)".contains("cannot generate text: it is not a causal language model; use a model such as HuggingFaceTB/SmolLM2-135M-Instruct")
        }
    }
}
