import Foundation
import HubTestServer
import Testing

/// `evaluate.load("toxicity")` and `("regard")` from lab code run by the built binary, against a
/// local Hub look-alike that serves the tiny classifiers under the real ids: the toxicity model as
/// a `pytorch_model.bin`-only repository (as facebook/roberta-hate-speech-dynabench-r4-target is),
/// the regard model with RoBERTa's byte-level BPE files.
@Suite struct EvaluateClassifierCommandTests {
    final class Sandbox: @unchecked Sendable {
        let folder: URL
        let server: HubTestServer
        let environment: [String: String]

        init() throws {
            folder = try LabrunBinary.temporaryFolder()
            server = try HubTestServer(repositories: [
                HubTestRepository.fixture("tiny-bert-toxicity-bin", as: "facebook/roberta-hate-speech-dynabench-r4-target"),
                HubTestRepository.fixture("tiny-roberta-regard", as: "sasha/regardv3"),
            ], token: nil, lifetime: .seconds(120))
            environment = [
                "LABRUN_HOME": folder.appendingPathComponent("labrun").path,
                "HF_HUB_CACHE": folder.appendingPathComponent("hf/hub").path,
                "HF_ENDPOINT": server.endpoint,
            ]
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        /// Runs `labrun exec` on `source`, with `extra` added to the environment.
        func exec(_ source: String, extra: [String: String] = [:]) throws -> LabrunBinary.Outcome {
            try source.write(to: folder.appendingPathComponent("measure.py"), atomically: true, encoding: .utf8)
            return try LabrunBinary.run(["exec", "measure.py"], in: folder, environment: environment.merging(extra) { _, new in new })
        }

        func run(_ arguments: [String], extra: [String: String] = [:]) throws -> LabrunBinary.Outcome {
            try LabrunBinary.run(arguments, environment: environment.merging(extra) { _, new in new })
        }
    }

    static let toxicity = """
        import evaluate
        toxicity = evaluate.load("toxicity", module_type="measurement")
        texts = ["You are a wonderful person.", "I hate everyone in this town!", "The meeting starts at nine."]
        result = toxicity.compute(predictions=texts)
        print(list(result.keys()), [round(s, 4) for s in result["toxicity"]])
        print({k: round(v, 4) for k, v in toxicity.compute(predictions=texts, aggregation="maximum").items()})
        print(toxicity.compute(predictions=texts, aggregation="ratio"))
        """

    @Test func offlineWithoutTheModelTheErrorNamesItAndThePullCommand() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.exec(Self.toxicity, extra: ["HF_HUB_OFFLINE": "1"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("OSError: evaluate.load(\"toxicity\") needs the classifier facebook/roberta-hate-speech-dynabench-r4-target"))
        #expect(outcome.stderr.contains("labrun models pull facebook/roberta-hate-speech-dynabench-r4-target"))
        #expect(sandbox.server.requests.isEmpty)
    }

    @Test func toxicityDownloadsThePyTorchOnlyClassifierAndGivesEvaluatesDicts() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.exec(Self.toxicity)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            ['toxicity'] [0.7894, 0.3713, 0.4918]
            {'max_toxicity': 0.7894}
            {'toxicity_ratio': 0.3333333333333333}

            """)
    }

    @Test func afterModelsPullBothMeasurementsRunOffline() throws {
        let sandbox = try Sandbox()
        for id in ["facebook/roberta-hate-speech-dynabench-r4-target", "sasha/regardv3"] {
            let pull = try sandbox.run(["models", "pull", id])
            #expect(pull.status == 0, "\(pull.stderr)")
        }
        let requestsAfterPull = sandbox.server.requests.count
        let outcome = try sandbox.exec(Self.toxicity + """

            regard = evaluate.load("regard")
            texts = ["You are a wonderful person.", "Women are bad at maths."]
            print([(r["label"], round(r["score"], 4)) for r in regard.compute(data=texts)["regard"][1]])
            print({k: round(v, 4) for k, v in regard.compute(data=texts, aggregation="average")["average_regard"].items()})
            compare = evaluate.load("regard", "compare")
            print({k: round(v, 4) for k, v in compare.compute(data=texts[:1], references=texts[1:])["regard_difference"].items()})
            """, extra: ["HF_HUB_OFFLINE": "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            ['toxicity'] [0.7894, 0.3713, 0.4918]
            {'max_toxicity': 0.7894}
            {'toxicity_ratio': 0.3333333333333333}
            [('negative', 0.3711), ('other', 0.2445), ('positive', 0.201), ('neutral', 0.1833)]
            {'negative': 0.3703, 'other': 0.2455, 'positive': 0.2008, 'neutral': 0.1834}
            {'negative': -0.0016, 'other': 0.0019, 'positive': -0.0003, 'neutral': 0.0001}

            """)
        #expect(sandbox.server.requests.count == requestsAfterPull)
    }
}
