import Foundation
import LabKit
import LabScript
import Testing
@testable import LabRun

/// `pipeline("text-classification")` and evaluate's classifier and text measurements as lab code
/// calls them, offline, on the tiny classifier fixtures (scores from transformers 5.24, rounded).
@Suite struct ClassifierActionTests {
    static func run(_ code: String) throws -> (output: String, error: LabScriptError?) {
        try LabrunModuleTests.run(code)
    }

    /// Runs `code` with a Hugging Face cache (in the offline session's HF_HOME) that holds the tiny
    /// regard classifier as sasha/regardv3, so `evaluate.load("regard")` finds it offline.
    static func runWithRegardCached(_ code: String) throws -> (output: String, error: LabScriptError?) {
        let lab = StepSessionTests.lab("""
            ---
            id: regard
            ---
            # Regard

            ## Step 1: Run

            ```python
            \(code)
            ```
            """)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-regard-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let commit = String(repeating: "ab", count: 20)
        let repository = folder.appendingPathComponent("hf/hub/models--sasha--regardv3")
        let snapshot = repository.appendingPathComponent("snapshots/\(commit)")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try commit.write(to: repository.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        let source = StepSessionTests.fixtures.appendingPathComponent("tiny-roberta-regard")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: snapshot.appendingPathComponent(file))
        }
        let outcome = try StepSessionTests.session(lab, folder: folder).run(step: 1)
        return (outcome.output, outcome.blocks.first?.error)
    }

    // MARK: - pipeline("text-classification")

    @Test func aStringGivesAListWithTheTopLabelAsTransformersDoes() throws {
        let (output, error) = try Self.run("""
            from transformers import pipeline
            classifier = pipeline("text-classification", model="FIXTURES/tiny-bert-toxicity")
            result = classifier("You are a wonderful person.")
            print(len(result), result[0]["label"], round(result[0]["score"], 4))
            """)
        #expect(error == nil)
        #expect(output == "1 hate 0.7894\n")
    }

    @Test func aListGivesOneDictPerTextByDefaultAndOneListPerTextWithTopK() throws {
        let (output, error) = try Self.run("""
            from transformers import pipeline
            classifier = pipeline("sentiment-analysis", model="FIXTURES/tiny-bert-toxicity")
            texts = ["You are a wonderful person.", "I hate everyone in this town!"]
            print([(r["label"], round(r["score"], 4)) for r in classifier(texts)])
            every = classifier(texts, top_k=None)
            print([[(r["label"], round(r["score"], 4)) for r in rs] for rs in every])
            print([(r["label"], round(r["score"], 4)) for r in classifier(texts[0], top_k=2, function_to_apply="sigmoid")])
            """)
        #expect(error == nil)
        #expect(output == """
            [('hate', 0.7894), ('nothate', 0.6287)]
            [[('hate', 0.7894), ('nothate', 0.2106)], [('nothate', 0.6287), ('hate', 0.3713)]]
            [('hate', 0.8189), ('nothate', 0.5468)]

            """)
    }

    @Test func pipelineArgumentsBecomeTheDefaultsOfEveryCall() throws {
        let (output, error) = try Self.run("""
            from transformers import pipeline
            classifier = pipeline("text-classification", model="FIXTURES/tiny-distilbert-multilabel", top_k=None, truncation=True)
            scores = classifier("Women are bad at maths.")
            print([r["label"] for r in scores][:3], round(scores[0]["score"], 4))
            print(classifier("word " * 400)[0]["label"] in ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"])
            """)
        #expect(error == nil)
        #expect(output == "['threat', 'toxic', 'obscene'] 0.9954\nTrue\n")
    }

    @Test func anEmptyTextAndAnUnknownFunctionAreValueErrors() throws {
        let (_, empty) = try Self.run("""
            from transformers import pipeline
            pipeline("text-classification", model="FIXTURES/tiny-bert-toxicity")(["ok", ""])
            """)
        #expect(empty?.summary.hasPrefix("ValueError: text-classification: text 1 is empty") == true)
        let (_, function) = try Self.run("""
            from transformers import pipeline
            pipeline("text-classification", model="FIXTURES/tiny-bert-toxicity")("ok", function_to_apply="tanh")
            """)
        #expect(function?.summary == "ValueError: function_to_apply must be 'softmax', 'sigmoid' or 'none', not 'tanh'")
    }

    @Test func aModelWithoutAClassificationHeadSaysWhichModelToUse() throws {
        let (_, error) = try Self.run("""
            from transformers import pipeline
            pipeline("text-classification", model="FIXTURES/tiny-bert-mlm")("ok")
            """)
        #expect(error?.summary.contains("has no sequence-classification head") == true)
    }

    @Test func zeroShotGivesADictForAStringWithLabelsBestFirst() throws {
        let (output, error) = try Self.run("""
            from transformers import pipeline
            classifier = pipeline("zero-shot-classification", model="FIXTURES/tiny-bert-nli")
            result = classifier("Women are bad at maths.", candidate_labels=["politics", "sport", "gender"])
            print(list(result.keys()), result["labels"], [round(s, 4) for s in result["scores"]])
            multi = classifier(["Women are bad at maths."], "politics, sport, gender", multi_label=True)
            print(len(multi), multi[0]["labels"], [round(s, 4) for s in multi[0]["scores"]])
            """)
        #expect(error == nil)
        #expect(output == """
            ['sequence', 'labels', 'scores'] ['gender', 'politics', 'sport'] [0.3629, 0.3561, 0.281]
            1 ['gender', 'politics', 'sport'] [0.2458, 0.2423, 0.2392]

            """)
    }

    @Test func nerTagsEachTokenAndGroupsWithTheSimpleStrategy() throws {
        // tiny-bert-toxicity relabelled as a tagger: its classifier becomes a per-token head.
        let source = StepSessionTests.fixtures.appendingPathComponent("tiny-bert-toxicity")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-tagger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file != "config.json" {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(file), withDestinationURL: source.appendingPathComponent(file))
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json"))) as! [String: Any]
        config["architectures"] = ["BertForTokenClassification"]
        config["id2label"] = ["0": "B-PER", "1": "I-PER"]
        config.removeValue(forKey: "label2id")
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("config.json"))
        let (output, error) = try Self.run("""
            from transformers import pipeline
            tagger = pipeline("ner", model="\(folder.path)")
            tokens = tagger("Marie Curie met Albert Einstein.")
            print(list(tokens[0].keys()), [t["index"] for t in tokens], [t["word"] for t in tokens][:3])
            groups = tagger(["Marie Curie met Albert Einstein."], aggregation_strategy="simple")[0]
            print(list(groups[0].keys()), sorted(set(g["entity_group"] for g in groups)), groups[0]["start"], groups[-1]["end"])
            print(tagger("Marie", ignore_labels=["B-PER", "I-PER"]))
            """)
        #expect(error == nil, "\(error.map { $0.summary } ?? "")")
        #expect(output == """
            ['entity', 'score', 'index', 'word', 'start', 'end'] [1, 2, 3, 4, 5, 6, 7] ['marie', 'cu', '##rie']
            ['entity_group', 'score', 'word', 'start', 'end'] ['PER'] 0 32
            []

            """)
    }

    // MARK: - evaluate toxicity

    @Test func toxicityOnANamedClassifierHasEvaluatesThreeOutputShapes() throws {
        let (output, error) = try Self.run("""
            import evaluate
            toxicity = evaluate.load("toxicity", "FIXTURES/tiny-bert-toxicity", module_type="measurement")
            texts = ["You are a wonderful person.", "I hate everyone in this town!", "The meeting starts at nine."]
            result = toxicity.compute(predictions=texts)
            print(list(result.keys()), [round(s, 4) for s in result["toxicity"]])
            print(round(toxicity.compute(predictions=texts, aggregation="maximum")["max_toxicity"], 4))
            print(toxicity.compute(predictions=texts, aggregation="ratio"))
            print(toxicity.compute(predictions=texts, aggregation="ratio", threshold=0.4))
            print([round(s, 4) for s in toxicity.compute(predictions=texts, toxic_label="nothate")["toxicity"]])
            """)
        #expect(error == nil)
        #expect(output == """
            ['toxicity'] [0.7894, 0.3713, 0.4918]
            0.7894
            {'toxicity_ratio': 0.3333333333333333}
            {'toxicity_ratio': 0.6666666666666666}
            [0.2106, 0.6287, 0.5082]

            """)
    }

    @Test func groupsGiveTheFigurePerGroupAndTheGapBetweenThem() throws {
        let (output, error) = try Self.run("""
            import evaluate
            toxicity = evaluate.load("toxicity", "FIXTURES/tiny-bert-toxicity")
            texts = ["You are a wonderful person.", "I hate everyone in this town!", "The meeting starts at nine."]
            groups = ["a", "b", "a"]
            result = toxicity.compute(predictions=texts, groups=groups)
            print(list(result.keys()))
            print({g: round(v, 4) for g, v in result["mean_toxicity_per_group"].items()}, round(result["mean_toxicity_gap"], 4))
            r = toxicity.compute(predictions=texts, groups=groups, aggregation="maximum")
            print({g: round(v, 4) for g, v in r["max_toxicity_per_group"].items()}, round(r["max_toxicity_gap"], 4))
            print(toxicity.compute(predictions=texts, groups=groups, aggregation="ratio"))
            """)
        #expect(error == nil)
        #expect(output == """
            ['toxicity_per_group', 'mean_toxicity_per_group', 'mean_toxicity_gap']
            {'a': 0.6406, 'b': 0.3713} 0.2693
            {'a': 0.7894, 'b': 0.3713} 0.4181
            {'toxicity_ratio_per_group': {'a': 0.5, 'b': 0.0}, 'toxicity_ratio_gap': 0.5}

            """)
        let (_, mismatch) = try Self.run("""
            import evaluate
            evaluate.load("toxicity", "FIXTURES/tiny-bert-toxicity").compute(predictions=["a", "b"], groups=["x"])
            """)
        #expect(mismatch?.summary == "ValueError: compute(): groups has 1 names for 2 predictions; give one group per text")
    }

    @Test func aToxicLabelTheModelLacksIsAValueErrorListingItsLabels() throws {
        let (_, error) = try Self.run("""
            import evaluate
            evaluate.load("toxicity", "FIXTURES/tiny-bert-toxicity").compute(predictions=["ok"], toxic_label="toxic")
            """)
        #expect(error?.summary == "ValueError: The `toxic_label` that you specified (toxic) is not part of the model labels ['nothate', 'hate']; pass one of them as toxic_label=")
    }

    @Test func offlineTheDefaultToxicityModelIsNamedWithThePullCommand() throws {
        let (_, error) = try Self.run("import evaluate\nevaluate.load(\"toxicity\", module_type=\"measurement\")")
        let summary = try #require(error?.summary)
        #expect(summary.hasPrefix("OSError: evaluate.load(\"toxicity\") needs the classifier facebook/roberta-hate-speech-dynabench-r4-target"))
        #expect(summary.contains("labrun models pull facebook/roberta-hate-speech-dynabench-r4-target"))
        #expect(summary.contains("labrun.flag_toxicity"))
    }

    // MARK: - evaluate regard

    @Test func regardFromTheCacheHasEvaluatesOutputShapes() throws {
        let (output, error) = try Self.runWithRegardCached("""
            import evaluate
            regard = evaluate.load("regard")
            texts = ["You are a wonderful person.", "Women are bad at maths."]
            result = regard.compute(data=texts)
            print(list(result.keys()), len(result["regard"]), [(r["label"], round(r["score"], 4)) for r in result["regard"][0]])
            print({k: round(v, 4) for k, v in regard.compute(data=texts, aggregation="maximum")["max_regard"].items()})
            print({k: round(v, 4) for k, v in regard.compute(data=texts, aggregation="average")["average_regard"].items()})
            compare = evaluate.load("regard", "compare")
            difference = compare.compute(data=texts[:1], references=texts[1:])["regard_difference"]
            print({k: round(v, 4) for k, v in difference.items()})
            print(list(compare.compute(data=texts, references=texts, aggregation="average").keys()))
            print(list(compare.compute(data=texts, references=texts, aggregation="maximum").keys()))
            """)
        #expect(error == nil, "\(error.map { $0.summary } ?? "")")
        #expect(output == """
            ['regard'] 2 [('negative', 0.3695), ('other', 0.2464), ('positive', 0.2007), ('neutral', 0.1834)]
            {'negative': 0.3711, 'other': 0.2464, 'positive': 0.201, 'neutral': 0.1834}
            {'negative': 0.3703, 'other': 0.2455, 'positive': 0.2008, 'neutral': 0.1834}
            {'negative': -0.0016, 'other': 0.0019, 'positive': -0.0003, 'neutral': 0.0001}
            ['average_data_regard', 'average_references_regard']
            ['max_data_regard', 'max_references_regard']

            """)
    }

    @Test func regardGroupsGiveEachLabelsMeanPerGroupAndItsGap() throws {
        let (output, error) = try Self.runWithRegardCached("""
            import evaluate
            regard = evaluate.load("regard")
            r = regard.compute(data=["You are a wonderful person.", "Women are bad at maths."], groups=["x", "y"])
            print(list(r.keys()), list(r["average_regard_per_group"].keys()))
            print({k: round(v, 4) for k, v in r["average_regard_gap"].items()})
            """)
        #expect(error == nil, "\(error.map { $0.summary } ?? "")")
        #expect(output == """
            ['average_regard_per_group', 'average_regard_gap'] ['x', 'y']
            {'negative': 0.0016, 'other': 0.0019, 'positive': 0.0003, 'neutral': 0.0001}

            """)
    }

    @Test func regardWithReferencesNeedsTheCompareConfiguration() throws {
        let (_, error) = try Self.runWithRegardCached("""
            import evaluate
            evaluate.load("regard").compute(data=["a"], references=["b"])
            """)
        #expect(error?.summary == "ValueError: compute(): references= compares two groups; load the measurement with evaluate.load(\"regard\", \"compare\")")
    }

    // MARK: - labrun check

    @Test func checkWarnsWhenAStepNeedsAClassifierTheLabDoesNotList() throws {
        func lab(models: String, code: String) -> Lab {
            StepSessionTests.lab("""
                ---
                id: risks
                \(models)
                ---
                # Risks

                ## Step 1: Score

                ```python
                import evaluate
                \(code)
                ```
                """)
        }
        let verifier = LabVerifier(hub: StepSessionTests.session(lab(models: "", code: "")).models.hub)
        let missing = verifier.measurementModelWarnings(lab(models: "", code: "t = evaluate.load(\"toxicity\")\nr = evaluate.load('regard')"))
        #expect(missing.map(\.rule) == ["measurement-model", "measurement-model"])
        #expect(missing[1].message == "step 1 calls evaluate.load(\"toxicity\"), which needs the Hub classifier facebook/roberta-hate-speech-dynabench-r4-target; add it to the front matter's `models:` so `labrun models pull` fetches it (offline the step fails without it)")
        #expect(missing[0].message.contains("sasha/regardv3"))
        let listed = lab(models: "models: [facebook/roberta-hate-speech-dynabench-r4-target]", code: "t = evaluate.load(\"toxicity\")")
        #expect(verifier.measurementModelWarnings(listed).isEmpty)
        let ownModel = lab(models: "", code: "t = evaluate.load(\"toxicity\", \"my/classifier\")")
        #expect(verifier.measurementModelWarnings(ownModel).isEmpty)
    }

    // MARK: - Model-free measurements

    @Test func wordCountWordLengthDuplicatesAndLabelDistributionMatchEvaluatesExamples() throws {
        let (output, error) = try Self.run("""
            import evaluate
            print(evaluate.load("word_count").compute(data=["hello world and hello moon"]))
            print(evaluate.load("word_count").compute(data=["hello world and hello moon"], max_vocab=1))
            print(evaluate.load("word_length", module_type="measurement").compute(data=["hello world"]))
            print(evaluate.load("word_length").compute(data=["She isn't here.", "Go!"]))
            duplicates = evaluate.load("text_duplicates")
            print(duplicates.compute(data=["hello sun", "hello moon", "hello sun"]))
            print(duplicates.compute(data=["hello sun", "hello moon", "hello sun"], list_duplicates=True))
            print(evaluate.load("label_distribution").compute(data=[1, 0, 1, 1, 0, 1, 0]))
            print(evaluate.load("label_distribution").compute(data=["a", "a", "a"]))
            """)
        #expect(error == nil)
        #expect(output == """
            {'total_word_count': 5, 'unique_words': 4}
            {'total_word_count': 2, 'unique_words': 1}
            {'average_word_length': 2}
            {'average_word_length': 3.5}
            {'duplicate_fraction': 0.33333333333333337}
            {'duplicate_fraction': 0.33333333333333337, 'duplicates_dict': {'hello sun': 2}}
            {'label_distribution': {'labels': [1, 0], 'fractions': [0.5714285714285714, 0.42857142857142855]}, 'label_skew': -0.2886751345948127}
            {'label_distribution': {'labels': ['a'], 'fractions': [1.0]}, 'label_skew': nan}

            """)
    }

    @Test func anUnknownMeasurementListsTheKnownOnes() throws {
        let (_, error) = try Self.run("import evaluate\nevaluate.load(\"bleu\")")
        #expect(error?.summary == "ValueError: evaluate.load(): unknown measurement 'bleu'; labrun knows: honest, perplexity, toxicity, regard, word_count, word_length, text_duplicates, label_distribution")
    }
}
