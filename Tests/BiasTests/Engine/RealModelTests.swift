import Foundation
@testable import Bias
@testable import BiasEngine
import Inference
import Testing

/// The metrics on the real bundled models (installed by scripts/install-models.sh); each test
/// skips, saying why, where the model is absent.
@Suite("bias metrics on the bundled models")
struct RealModelTests {
    static var miniLM: URL? {
        let url = BundledModels.folder.appendingPathComponent("sentence-transformers/all-MiniLM-L6-v2")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) ? url : nil
    }

    static var smolLM2: URL? {
        let url = BundledModels.folder.appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf").path) ? url : nil
    }

    /// SmolLM2 through the causal adapter, or nil (saying why) when it is not installed.
    static func causalSmolLM2() throws -> (any NextTokenPredictor)? {
        guard let directory = smolLM2 else {
            print("skipped: SmolLM2-135M-Instruct is not installed (run scripts/install-models.sh)")
            return nil
        }
        guard case .causal(let model) = try BiasModel(try ModelLoader.load(directory: directory)) else {
            Issue.record("SmolLM2 should load as a causal model")
            return nil
        }
        return model
    }

    @Test("SmolLM2 through the causal adapter: the engine fixture's sequence log-probabilities, BOS = <|endoftext|>")
    func smolLM2LogProbabilities() throws {
        guard let model = try Self.causalSmolLM2() else { return }
        #expect(model.beginningTokenID == 0)
        let fixture = ReferenceFixture.url.deletingLastPathComponent().appendingPathComponent("smollm2_public.json")
        let cases = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])?["sequence_logprob"] as? [[String: Any]])
        for item in cases {
            let ids = ReferenceFixture.ints(item["ids"])
            #expect(try model.encode(item["text"] as? String ?? "") == ids)
            // The fixture's float32 bar, 2e-2 a token (Tests/Fixtures/README.md), which the fast path's
            // 16-bit activations meet (8-bit ones were allowed 0.25).
            let total = try model.conditionalLogProbabilities(ids).reduce(0, +)
            #expect(abs(total - (item["sum_logprob_after_first"] as? Double ?? .nan)) < 2e-2 * Double(ids.count - 1), "\(total)")
        }
        // With the first token conditioned on <|endoftext|>, the woman sentence stays the likelier.
        let scores = try model.sentenceLogProbabilities(["The woman was a nurse.", "The man was a nurse."])
        #expect(scores[0] > scores[1])
    }

    @Test("a batch whose sentences share a prefix runs it once and scores each sentence as it would alone")
    func sharedPrefixScoresEqualSeparateRuns() throws {
        guard let model = try Self.causalSmolLM2() else { return }
        let texts = ["The nurse said that she would be late.", "The nurse said that he would be late.",
                     "The nurse said that they would be late today."]
        let batch = try texts.map { [model.beginningTokenID] + (try model.encode($0)) }
        #expect(EngineNextTokenPredictor.sharedPrefixLength(batch) >= 5)
        let together = try model.conditionalLogProbabilities(batch: batch)
        for (ids, scores) in zip(batch, together) {
            let alone = try model.conditionalLogProbabilities(ids)
            #expect(scores.count == ids.count - 1)
            #expect(zip(scores, alone).map { abs($0 - $1) }.max() ?? 1 < 1e-9, "\(ids)")
        }
        #expect(EngineNextTokenPredictor.sharedPrefixLength([[1, 2, 3], [1, 2, 3]]) == 2)
        #expect(EngineNextTokenPredictor.sharedPrefixLength([[1, 2], [3, 2]]) == 0)
        #expect(EngineNextTokenPredictor.sharedPrefixLength([[1, 2, 3, 4], [1, 2]]) == 1)
    }

    @Test("CrowS-Pairs (causal) on SmolLM2: the first 24 public pairs (the full 1,508 run is `labrun-bench bias` with LABRUN_BENCH_CROWS_FULL=1)")
    func crowsPairsOnSmolLM2() throws {
        guard let directory = Self.smolLM2 else {
            print("skipped: SmolLM2-135M-Instruct is not installed (run scripts/install-models.sh)")
            return
        }
        guard let data = ReferenceFixture.sharedData else {
            print("skipped: the shared data folder (../shared/data) with CrowS-Pairs is absent")
            return
        }
        let all = try CrowSPairs(contentsOfFile: data.appendingPathComponent("crows_pairs/crows_pairs_anonymized.csv").path)
        let subset = Array(all.pairs.prefix(24))
        let model = try BiasModel(try ModelLoader.load(directory: directory))
        var reported = 0
        let result = try BiasActions.crowsPairs(model: model, pairs: subset) { done, _ in reported = done }
        print("CrowS-Pairs (causal) SmolLM2, first \(subset.count) pairs: metric \(result.metric), neutral \(result.neutral)")
        #expect(result.n == 24 && reported == 24)
        // Each pair's scores are the rounded sentence log-probabilities of its two sentences.
        guard case .causal(let causal) = model else { return }
        let first = result.pairs[0]
        #expect(abs(first.moreScore - (try causal.sentenceLogProbability(subset[0].sentMore))) <= 0.0005 + 1e-6)
        #expect(result.metric == 100 * Double(result.pairs.filter(\.prefersMoreStereotyping).count) / 24)
    }

    @Test("the generative mitigations and the generation bias score run on SmolLM2")
    func generativeOnSmolLM2() throws {
        guard let directory = Self.smolLM2 else {
            print("skipped: SmolLM2-135M-Instruct is not installed (run scripts/install-models.sh)")
            return
        }
        let model = try BiasModel(try ModelLoader.load(directory: directory))
        let plain = try BiasActions.counterfactualDecoding(model: model, prompt: "The woman worked as a", variants: [], sampling: .greedy(maxNewTokens: 3))
        let averaged = try BiasActions.counterfactualDecoding(model: model, prompt: "The woman worked as a", sampling: .greedy(maxNewTokens: 3))
        let debiased = try BiasActions.selfDebias(model: model, prompt: "The woman worked as a", sampling: .greedy(maxNewTokens: 3))
        print("SmolLM2 'The woman worked as a' greedy: \(plain.debugDescription); counterfactual-averaged: \(averaged.debugDescription); self-debiased: \(debiased.debugDescription)")
        #expect(!plain.isEmpty && !averaged.isEmpty && !debiased.isEmpty)
        // Averaging with no variant is plain greedy decoding: the same text as the engine's generate.
        guard case .causal(let causal) = model else { return }
        let ids = try causal.generate(promptIDs: [causal.beginningTokenID] + causal.encode("The woman worked as a"), sampling: .greedy(maxNewTokens: 3), seed: 0)
        #expect(causal.decode(ids) == plain)

        let set = try GenerationBias(pairs: [[.init(text: "The man worked as a", group: "male"), .init(text: "The woman worked as a", group: "female")]],
                                     stereotypes: ["female": OccupationLexicon.bundled.mostlyWomen(), "male": OccupationLexicon.bundled.mostlyMen()])
        let result = try BiasActions.generationBias(model: model, set: set, n: 2, seed: 0, sampling: Sampling(maxNewTokens: 4))
        print("SmolLM2 generation bias (2 prompts × 2 samples): score \(result.score), CI [\(result.ci.lower), \(result.ci.upper)], perplexity \(result.perplexity)")
        #expect(result.samples.count == 4)
        #expect(result.perplexity > 1 && result.perplexity < 1000)
        // Seeded: the same run gives the same samples.
        #expect(try BiasActions.generationBias(model: model, set: set, n: 2, seed: 0, sampling: Sampling(maxNewTokens: 4)).samples == result.samples)
    }

    @Test("SEAT (WEAT 6, 7, 8, sentence versions) runs on all-MiniLM-L6-v2 with an exact-or-seeded p-value")
    func seatOnMiniLM() throws {
        guard let directory = Self.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let model = try BiasModel(try ModelLoader.load(directory: directory))
        guard case .embedder = model else {
            Issue.record("all-MiniLM-L6-v2 should load as a sentence embedder")
            return
        }
        for (name, test) in [("weat6", WEATWordSets.weat6), ("weat7", WEATWordSets.weat7), ("weat8", WEATWordSets.weat8)] {
            let words = try BiasActions.seat(model: model, test: test, permutations: 100_000, seed: 0)
            print("SEAT all-MiniLM-L6-v2 \(name) words: d=\(words.effectSize) p=\(words.pValue) (exact over \(words.partitions) partitions)")
            #expect(words.exact && words.partitions == 12_870)
            // With n = m = 8 and a sample standard deviation, |d| ≤ 2·sqrt(15/16) ≈ 1.94.
            #expect(abs(words.effectSize) < 2)
        }
        let sentences = try BiasActions.seat(model: model, test: WEATWordSets.sentences(WEATWordSets.weat6), permutations: 10_000, seed: 0)
        print("SEAT all-MiniLM-L6-v2 weat6 sentences: d=\(sentences.effectSize) p=\(sentences.pValue) (Monte Carlo, 10,000, seed 0)")
        #expect(!sentences.exact && sentences.partitions == 10_000)
        // Same seed, same Monte Carlo p-value.
        #expect(try BiasActions.seat(model: model, test: WEATWordSets.sentences(WEATWordSets.weat6), permutations: 10_000, seed: 0) == sentences)
    }

    @Test("SEAT on all-MiniLM-L6-v2 agrees with the numpy reference computed from the same embeddings")
    func seatAgainstNumpy() throws {
        let fixture = ReferenceFixture.url.deletingLastPathComponent().appendingPathComponent("bias_minilm_weat.json")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let tests = ["weat6": WEATWordSets.weat6, "weat7": WEATWordSets.weat7, "weat8": WEATWordSets.weat8]
        let live = Self.miniLM.flatMap { try? BiasModel(try ModelLoader.load(directory: $0)) }
        if live == nil { print("live comparison skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)") }
        for (name, test) in tests.sorted(by: { $0.key < $1.key }) {
            let item = try #require(reference[name] as? [String: Any])
            let sets = ["targ1", "targ2", "attr1", "attr2"].map { ReferenceFixture.matrix(item[$0]) }
            var table: [String: [Float]] = [:]
            for (set, vectors) in zip([test.targ1, test.targ2, test.attr1, test.attr2], sets) {
                for (word, vector) in zip(set.examples, vectors) { table[word] = vector }
            }
            // The formulas on the stored embeddings.
            let stored = try test.run(embedder: TableEmbedder(table: table))
            #expect(abs(stored.effectSize - (item["effect_size"] as? Double ?? .nan)) < 1e-9, "\(name)")
            #expect(abs(stored.pValue - (item["p_value"] as? Double ?? .nan)) < 1e-12, "\(name)")
            // The live model gives the same embeddings and so the same test.
            if case .embedder(let embedder)? = live {
                for (set, vectors) in zip([test.targ1, test.targ2, test.attr1, test.attr2], sets) {
                    for (got, want) in zip(try embedder.embed(set.examples), vectors) {
                        #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-4 }, "\(name) \(set.category)")
                    }
                }
                let result = try test.run(embedder: embedder)
                #expect(abs(result.effectSize - (item["effect_size"] as? Double ?? .nan)) < 1e-3, "\(name)")
            }
        }
    }

    /// Writes the WEAT 6/7/8 word embeddings of all-MiniLM-L6-v2 to `$LABRUN_BIAS_DUMP` (a JSON file
    /// that scripts/bias-reference/bias_reference.py --minilm reads); does nothing otherwise.
    @Test("dump MiniLM WEAT embeddings for the numpy reference when LABRUN_BIAS_DUMP is set")
    func dumpEmbeddings() throws {
        guard let path = ProcessInfo.processInfo.environment["LABRUN_BIAS_DUMP"], let directory = Self.miniLM else { return }
        guard case .embedder(let embedder) = try BiasModel(try ModelLoader.load(directory: directory)) else { return }
        var output: [String: Any] = [:]
        for (name, test) in [("weat6", WEATWordSets.weat6), ("weat7", WEATWordSets.weat7), ("weat8", WEATWordSets.weat8)] {
            var item: [String: Any] = [:]
            for (key, set) in [("targ1", test.targ1), ("targ2", test.targ2), ("attr1", test.attr1), ("attr2", test.attr2)] {
                item[key] = try embedder.embed(set.examples).map { $0.map(Double.init) }
                item[key + "_words"] = set.examples
            }
            output[name] = item
        }
        try JSONSerialization.data(withJSONObject: output).write(to: URL(fileURLWithPath: path))
    }

    @Test("projecting out the bundled gender direction changes SEAT on all-MiniLM-L6-v2")
    func debiasOnMiniLM() throws {
        guard let directory = Self.miniLM else {
            print("skipped: all-MiniLM-L6-v2 is not installed (run scripts/install-models.sh)")
            return
        }
        let result = try BiasActions.debiasEmbeddings(model: try BiasModel(try ModelLoader.load(directory: directory)), k: 1,
                                                      test: WEATWordSets.weat7, permutations: 100_000)
        print("SentenceDebias all-MiniLM-L6-v2 weat7: before d=\(result.before.effectSize) p=\(result.before.pValue); after d=\(result.after.effectSize) p=\(result.after.pValue); explained \(result.subspace.explainedVariance)")
        #expect(result.subspace.directions.count == 1)
        #expect(abs(result.after.effectSize) < abs(result.before.effectSize))
    }

    @Test("the engine's cached session gives the distributions of a full forward pass (SmolLM2)")
    func engineSession() throws {
        guard let model = try Self.causalSmolLM2() else { return }
        let context = [model.beginningTokenID] + (try model.encode("The woman worked as a"))
        let session = try model.makeSession(context: context)
        let first = try session.nextTokenLogProbabilities()
        let next = TokenDistribution.argmax(first)
        try session.append(next)
        let cached = try session.nextTokenLogProbabilities()
        let full = try model.nextTokenLogProbabilities(context + [next])
        #expect(first == (try model.nextTokenLogProbabilities(context)))
        #expect(zip(cached, full).map { abs($0 - $1) }.max() ?? 1 < 1e-3)
    }
}
