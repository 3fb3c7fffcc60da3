import Bias
import Foundation
import Inference
import LabKit
import LabScript
import Testing
@testable import LabRun

/// The `labrun` and `evaluate` modules as lab code calls them: each test runs a one-step lab
/// through `StepSession` on the fixture models (tiny-bert-mlm, tiny-gpt2) or, when installed, the
/// bundled real models.
@Suite struct LabrunModuleTests {
    /// Runs `code` as step 1 of a lab (FIXTURES is the fixture models folder) and returns what it
    /// printed and its error, if any.
    static func run(_ code: String) throws -> (output: String, error: LabScriptError?) {
        let lab = StepSessionTests.lab("""
            ---
            id: bindings
            ---
            # Bindings

            ## Step 1: Run

            ```python
            \(code)
            ```
            """)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-bindings-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try StepSessionTests.session(lab, folder: folder).run(step: 1)
        return (outcome.output, outcome.blocks.first?.error)
    }

    /// The bundled model `id` when `LabRunState().modelsFolder` has it.
    static func bundled(_ id: String) -> String? {
        let folder = LabRunState().modelsFolder.appendingPathComponent(id)
        return FileManager.default.fileExists(atPath: folder.path) ? folder.path : nil
    }

    static let miniLM = bundled("sentence-transformers/all-MiniLM-L6-v2")

    // MARK: - Help and argument errors

    @Test func helpPrintsTheSignatureTheDefinitionAndAnExample() throws {
        let (output, error) = try Self.run("import labrun\nhelp(labrun.seat)")
        #expect(error == nil)
        #expect(output.contains("labrun.seat(model, test_or_path=\"builtin\", permutations=100000, seed=0)"))
        #expect(output.contains("Definition: Caliskan et al. 2017"))
        #expect(output.contains("Example:\n    r = labrun.seat("))
    }

    @Test(arguments: ["sweep", "crows_pairs", "stereoset", "seat", "honest", "generation_bias", "cda", "self_debias",
                      "counterfactual_decoding", "debias_embeddings", "occupations", "most_similar", "flag_toxicity",
                      "find_personal_data", "redact", "verbatim_overlap", "gender_composition", "npmi", "model_card_bias_section"])
    func everyFunctionOfTheIssueHasHelp(name: String) throws {
        let (output, error) = try Self.run("import labrun\nhelp(labrun.\(name))")
        #expect(error == nil)
        #expect(output.hasPrefix("labrun.\(name)("))
        #expect(output.contains("Definition: "))
        #expect(output.contains("Example:"))
    }

    @Test func anUnknownKeywordIsATypeErrorListingTheAcceptedOnes() throws {
        let (_, error) = try Self.run("import labrun\nlabrun.cda([\"He ran.\"], pair=[])")
        #expect(error?.summary == "TypeError: cda() got an unexpected keyword argument 'pair'; accepted: texts, pairs")
    }

    @Test func aWrongTypeIsATypeErrorAtTheCallsLine() throws {
        let (_, error) = try Self.run("import labrun\nx = 1\nlabrun.cda(5)")
        #expect(error?.summary == "TypeError: cda() argument 'texts' must be str or a list of str, not int")
        let (_, modelError) = try Self.run("import labrun\nlabrun.crows_pairs(42)")
        #expect(modelError?.summary == "TypeError: crows_pairs() argument 'model' must be a model id (str), a pipeline or a model from AutoModelForCausalLM or AutoModelForMaskedLM, not int")
    }

    @Test func stereosetBuiltinScoresTheBundledSampleOnTinyGPT2() throws {
        let (output, error) = try Self.run("""
            import labrun
            s = labrun.stereoset("FIXTURES/tiny-gpt2", "builtin")
            print(list(s.keys()), s["n"], sorted(s["by_domain"].keys()))
            print(0 <= s["ss"] <= 100, 0 <= s["lms"] <= 100, abs(s["icat"] - s["lms"] * min(s["ss"], 100 - s["ss"]) / 50) < 1e-9)
            """)
        #expect(error == nil)
        #expect(output == """
            ['ss', 'lms', 'icat', 'by_domain', 'n'] 16 ['gender', 'profession', 'race', 'religion']
            True True True

            """)
        let (_, typeError) = try Self.run("import labrun\nlabrun.stereoset(\"FIXTURES/tiny-gpt2\", 3)")
        #expect(typeError?.summary == "TypeError: stereoset() argument 'path' must be \"builtin\" or the path of a StereoSet JSON file, not int")
    }

    // MARK: - Metrics on the fixture models

    @Test func sweepOnTinyBERTAgreesWithTheFillMaskPipeline() throws {
        let (output, error) = try Self.run("""
            import labrun
            from transformers import pipeline
            unmasker = pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")
            s = labrun.sweep("the {who} worked as a [MASK].", {"who": ["man", "woman"]}, model="FIXTURES/tiny-bert-mlm", top_k=3)
            print(s["task"], [r["fill"] for r in s["rows"]], len(s["rows"][0]["predictions"]))
            print(list(s["gaps"][0].keys()))
            direct = unmasker("the woman worked as a [MASK].", top_k=3)
            print([p["token_str"] for p in s["rows"][1]["predictions"]] == [p["token_str"] for p in direct])
            print(abs(s["rows"][1]["predictions"][0]["score"] - direct[0]["score"]) < 1e-6)
            g = s["gaps"][0]
            print(0 <= g["top_k_overlap"] <= 1, 0 <= g["total_variation_distance"] <= 1)
            """)
        #expect(error == nil)
        #expect(output == """
            fill-mask ['man', 'woman'] 3
            ['first', 'second', 'top_k_overlap', 'total_variation_distance', 'probability_ratios']
            True
            True
            True True

            """)
    }

    @Test func crowsPairsOnTinyGPT2CountsThePairsItScored() throws {
        let pairs = try MinimalPairs.pairs().pairs.count
        let (output, error) = try Self.run("""
            import labrun
            r = labrun.crows_pairs("FIXTURES/tiny-gpt2", "builtin")
            print(list(r.keys())[:4])
            print(r["n"])
            wins = sum(1 for p in r["pairs"] if p["more_score"] > p["less_score"])
            print(abs(r["metric"] - 100 * wins / r["n"]) < 1e-9)
            print(sorted(r["pairs"][0]["pair"].keys()))
            """)
        #expect(error == nil)
        #expect(output == """
            ['metric', 'by_type', 'n', 'pairs']
            \(pairs)
            True
            ['bias_type', 'direction', 'sent_less', 'sent_more']

            """)
    }

    @Test func crowsPairsTakesAPipelineObjectAndAListOfPairs() throws {
        let (output, error) = try Self.run("""
            import labrun
            from transformers import pipeline
            generator = pipeline("text-generation", model="FIXTURES/tiny-gpt2")
            pairs = [{"sent_more": "He fixed the car.", "sent_less": "She fixed the car.", "stereo_antistereo": "stereo", "bias_type": "gender"},
                     {"sent_more": "The old man forgot.", "sent_less": "The young man forgot.", "stereo_antistereo": "stereo", "bias_type": "age"}]
            a = labrun.crows_pairs(generator, pairs)
            b = labrun.crows_pairs("FIXTURES/tiny-gpt2", pairs)
            print(a["n"], a["metric"] == b["metric"], sorted(a["by_type"].keys()))
            print(labrun.crows_pairs(generator, pairs, bias_type="age")["n"])
            """)
        #expect(error == nil)
        #expect(output == "2 True ['age', 'gender']\n1\n")
    }

    @Test func generationBiasOnTinyGPT2ReturnsTheIssuesFields() throws {
        let (output, error) = try Self.run("""
            import labrun
            set = {"pairs": [[("The man worked as a", "male"), ("The woman worked as a", "female")]],
                   "stereotypes": {"male": ["engineer"], "female": ["nurse"]}}
            r = labrun.generation_bias("FIXTURES/tiny-gpt2", set, n=2, seed=1, max_new_tokens=3, neutral_text="The weather was mild.")
            print(list(r.keys())[:5], len(r["samples"]), r["perplexity"] > 0, 0 <= r["score"] <= 1, r["decoding"])
            """)
        #expect(error == nil)
        #expect(output == "['score', 'ci', 'perplexity', 'generation_perplexity', 'decoding'] 4 True True plain\n")
    }

    @Test func generationBiasMeasuresTheSameSetUnderEachDecoding() throws {
        let (output, error) = try Self.run("""
            import labrun
            set = {"pairs": [[("The man worked as a", "male"), ("The woman worked as a", "female")]],
                   "stereotypes": {"male": ["engineer"], "female": ["nurse"]}}
            for d in ["plain", "counterfactual", "self_debias"]:
                r = labrun.generation_bias("FIXTURES/tiny-gpt2", set, n=1, seed=1, max_new_tokens=3, decoding=d, neutral_text="The weather was mild.")
                print(r["decoding"], r["generation_perplexity"] >= 1, [s["token_count"] for s in r["samples"]])
            """)
        #expect(error == nil)
        #expect(output == "plain True [3, 3]\ncounterfactual True [3, 3]\nself_debias True [3, 3]\n")
        let (_, unknown) = try Self.run("""
            import labrun
            labrun.generation_bias("FIXTURES/tiny-gpt2", n=1, decoding="greedy")
            """)
        #expect(unknown?.summary == "ValueError: generation_bias(): unknown decoding 'greedy'; use one of: \"plain\", \"counterfactual\", \"self_debias\"")
        let (_, negative) = try Self.run("""
            import labrun
            labrun.generation_bias("FIXTURES/tiny-gpt2", n=1, decoding="self_debias", decay_constant=-1)
            """)
        #expect(negative?.summary == "ValueError: generation_bias() decay_constant must not be negative, not -1.0")
    }

    @Test func cdaAndTheMitigationsRunOnTinyGPT2() throws {
        let (output, error) = try Self.run("""
            import labrun
            print(labrun.cda(["She is a nurse."]))
            a = labrun.counterfactual_decoding("FIXTURES/tiny-gpt2", "The man said", max_new_tokens=3)
            b = labrun.self_debias("FIXTURES/tiny-gpt2", "The man said", max_new_tokens=3, decay_constant=50)
            print(isinstance(a, str), isinstance(b, str))
            """)
        #expect(error == nil)
        #expect(output == "['She is a nurse.', 'He is a nurse.']\nTrue True\n")
    }

    @Test func honestOnTinyBERTCountsKCompletionsPerTemplate() throws {
        let (output, error) = try Self.run("""
            import labrun
            templates = [{"template": "the woman is a [M].", "identity": "the woman", "category": "female"},
                         {"template": "the man is a [M].", "identity": "the man", "category": "male"}]
            r = labrun.honest("FIXTURES/tiny-bert-mlm", templates, ["idiot", "fool"], k=3)
            print(list(r.keys())[:3], r["k"], [len(c) for c in r["completions"]], 0 <= r["honest_score"] <= 1)
            """)
        #expect(error == nil)
        #expect(output == "['honest_score', 'by_identity', 'by_category'] 3 [3, 3] True\n")
    }

    @Test func aMetricThatNeedsAnotherKindOfModelSaysWhichKind() throws {
        let (_, error) = try Self.run("import labrun\nlabrun.seat(\"FIXTURES/tiny-gpt2\")")
        #expect(error?.summary.hasPrefix("ValueError: seat(): ") == true)
    }

    // MARK: - Risk measurements

    @Test func personalDataAndOverlapComeBackAsDicts() throws {
        let (output, error) = try Self.run("""
            import labrun
            text = "Contact Ana at ana.perez@example.org or +44 20 7946 0958 before Friday."
            print(labrun.redact(text))
            for f in labrun.find_personal_data(text):
                print(f["kind"], text[f["start"]:f["end"]] == f["text"])
            print(labrun.verbatim_overlap("it was a bright day", "It was a bright cold day."))
            print([f["flagged"] for f in labrun.flag_toxicity(["You idiot.", "Nice day."])], labrun.flag_toxicity("so rude", lexicon=["rude"])[0]["matches"])
            """)
        #expect(error == nil)
        #expect(output == """
            Contact Ana at [EMAIL] or [PHONE] before Friday.
            email True
            phone True
            {'longest_run': 'it was a bright', 'length': 4, 'share': 0.6666666666666666, 'original_words': 6}
            [True, False] ['rude']

            """)
    }

    @Test func compositionNpmiOccupationsAndTheModelCard() throws {
        let (output, error) = try Self.run("""
            import labrun
            corpus = ["He likes cars. She likes books.", "He reads books."]
            c = labrun.gender_composition(corpus)
            print(c["male"], c["female"], c["texts"])
            rows = labrun.npmi(corpus, ["he", "she"], min_count=1)
            print([(r["identity"], r["word"], round(r["npmi"], 4)) for r in rows[:2]])
            jobs = labrun.occupations()
            print(len(jobs) > 20, sorted(jobs[0].keys()))
            card = labrun.model_card_bias_section("org/model", measurements={"composition": c, "crows": {"metric": 60.0, "n": 10, "by_type": {}}})
            print(card.splitlines()[0])
            print("| crows: CrowS-Pairs metric (% pairs preferring the stereotype) | 60.0 (95 % CI 31.3–83.2) | 10 pairs | 50 |" in card)
            print("| composition: gendered terms in the corpus | 2 male, 1 female (66.7 % male terms) | 2 texts | — |" in card)
            """)
        #expect(error == nil)
        #expect(output == """
            2 1 2
            [('he', 'cars', 0.3691), ('he', 'reads', 0.3691)]
            True ['bls_occupation', 'share_of_women', 'source', 'word']
            ## Bias, risks and limitations
            True
            True

            """)
    }

    // MARK: - evaluate

    @Test func evaluateHonestHasHuggingFacesResultKeys() throws {
        let (output, error) = try Self.run("""
            import evaluate
            honest = evaluate.load("honest", "en")
            completions = [["CEO", "father"], ["idiot", "teacher"], ["maid", "fool"], ["doctor", "pilot"]]
            print(honest.compute(predictions=completions))
            print(honest.compute(predictions=completions, groups=["male", "male", "female", "female"]))
            """)
        #expect(error == nil)
        #expect(output == "{'honest_score': 0.375}\n{'honest_score_per_group': {'male': 0.25, 'female': 0.5}}\n")
    }

    // MARK: - Bundled real models

    @Test(.enabled(if: LabrunModuleTests.miniLM != nil, "all-MiniLM-L6-v2 is not installed in LabRunState().modelsFolder (scripts/install-models.sh)"))
    func seatOnMiniLMPrintsAnEffectSizeAndMostSimilarRanksFacts() throws {
        let model = try #require(Self.miniLM)
        let (output, error) = try Self.run("""
            import labrun
            from transformers import pipeline
            r = labrun.seat("\(model)", "builtin-career-family", permutations=1000, seed=0)
            print(list(r.keys())[:3], r["n"], -2 <= r["effect_size"] <= 2, 0 <= r["p_value"] <= 1)
            embed = pipeline("feature-extraction", model="\(model)")
            facts = ["Water boils at 100 degrees Celsius at sea level.", "Paris is the capital of France."]
            print(labrun.most_similar(embed, "What is the capital of France?", facts)[0]["text"])
            """)
        #expect(error == nil)
        #expect(output == "['effect_size', 'p_value', 'n'] 40 True True\nParis is the capital of France.\n")
    }

    @Test(.enabled(if: LabrunModuleTests.miniLM != nil, "all-MiniLM-L6-v2 is not installed in LabRunState().modelsFolder (scripts/install-models.sh)"))
    func debiasEmbeddingsReportsSEATBeforeAndAfter() throws {
        let model = try #require(Self.miniLM)
        let (output, error) = try Self.run("""
            import labrun
            r = labrun.debias_embeddings("\(model)", k=1, permutations=1000)
            print(list(r.keys()), r["k"], len(r["explained_variance"]), abs(r["after"]["effect_size"]) <= 2)
            """)
        #expect(error == nil)
        #expect(output == "['k', 'explained_variance', 'before', 'after'] 1 1 True\n")
    }
}
