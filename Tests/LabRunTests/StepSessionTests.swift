import Foundation
import Inference
import LabKit
import LabScript
import Testing
@testable import LabRun

/// Runs steps of small labs on the fixture models (tiny-bert-mlm, tiny-gpt2), as `labrun step` does.
@Suite struct StepSessionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/models")

    static func lab(_ body: String) -> Lab {
        Lab(parsing: body.replacingOccurrences(of: "FIXTURES", with: fixtures.path), file: "Labs/test.md")
    }

    static func session(_ lab: Lab, folder: URL = FileManager.default.temporaryDirectory) -> StepSession {
        let state = LabRunState(root: folder.appendingPathComponent("home"))
        let hub = ModelHub(modelsFolder: state.modelsFolder,
                           settings: HubSettings(environment: ["HF_HUB_OFFLINE": "1", "HF_HOME": folder.appendingPathComponent("hf").path]))
        return StepSession(lab: lab, models: ModelProvider(state: state, hub: hub, progress: nil), workspace: ExerciseWorkspace(directory: folder))
    }

    static let twoSteps = """
        ---
        id: test
        ---
        # Test

        ## Step 1: Set up

        ```python
        from transformers import pipeline
        unmasker = pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")
        unused = 1 / 0 if False else 3
        print("set up")
        ```

        ## Step 2: Ask

        ```python
        top = unmasker("the man worked as a [MASK].", top_k=3)
        print(len(top), sorted(top[0].keys()))
        ```

        ```output
        3 ['score', 'sequence', 'token', 'token_str']
        ```

        ## Step 3: Wrong

        ```python
        print(unmasker.task)
        ```

        ```output
        text-generation
        ```

        ## Step 4: Broken

        ```python
        print(undefined_name)
        ```
        """

    @Test func aStepReplaysOnlyTheStatementsItNeeds() throws {
        let session = Self.session(Self.lab(Self.twoSteps))
        var printed = ""
        let outcome = try session.run(step: 2, output: { printed += $0 })
        #expect(outcome.succeeded)
        // `from transformers import pipeline` and `unmasker = …`; not `unused`, not the print.
        #expect(outcome.replayedStatements == 2)
        #expect(printed == "3 ['score', 'sequence', 'token', 'token_str']\n")
        #expect(outcome.blocks.first?.verdict == .matches)
    }

    @Test func aStepThatNeedsNothingReplaysNothing() throws {
        let session = Self.session(Self.lab(Self.twoSteps))
        let outcome = try session.run(step: 1)
        #expect(outcome.replayedStatements == 0)
        #expect(outcome.output == "set up\n")
    }

    @Test func aMismatchIsReportedWithTheLine() throws {
        let outcome = try Self.session(Self.lab(Self.twoSteps)).run(step: 3)
        #expect(outcome.succeeded)
        #expect(outcome.blocks.first?.verdict == .differs(line: 1, expected: "text-generation", actual: "fill-mask"))
    }

    @Test func anErrorNamesTheLabFileAndLine() throws {
        let outcome = try Self.session(Self.lab(Self.twoSteps)).run(step: 4)
        #expect(!outcome.succeeded)
        let error = try #require(outcome.blocks.first?.error)
        #expect(error.summary == "NameError: name 'undefined_name' is not defined")
        #expect(error.file == "Labs/test.md")
        let line = Self.twoSteps.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("print(undefined_name)") }.map { $0 + 1 }
        #expect(error.range?.line == line)
    }

    @Test func fillMaskResultsHaveTransformersShape() throws {
        let lab = Self.lab("""
            ## Step 1: Two masks

            ```python
            from transformers import pipeline
            unmasker = pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")
            one = unmasker("a [MASK] b", top_k=2)
            two = unmasker("a [MASK] b [MASK]", top_k=2)
            many = unmasker(["a [MASK]", "b [MASK]"], top_k=1)
            print(type(one[0]).__name__ if False else len(one), len(two), len(two[0]), len(many), len(many[0]))
            print(list(one[0].keys()))
            ```
            """)
        let outcome = try Self.session(lab).run(step: 1)
        #expect(outcome.blocks.first?.error == nil)
        #expect(outcome.output == "2 2 2 2 1\n['score', 'token', 'token_str', 'sequence']\n")
    }

    @Test func unknownTasksAndKeywordsAreErrorsThatListWhatIsAccepted() throws {
        let lab = Self.lab("""
            ## Step 1: Typos

            ```python
            from transformers import pipeline
            pipeline("fill_mask", model="x")
            ```

            ## Step 2: Keyword

            ```python
            from transformers import pipeline
            pipeline("fill-mask", model="FIXTURES/tiny-bert-mlm")("a [MASK]", topk=3)
            ```
            """)
        let session = Self.session(lab)
        let first = try session.run(step: 1).blocks.first?.error
        #expect(first?.summary == "ValueError: unknown task 'fill_mask'; labrun runs: fill-mask, text-generation, feature-extraction, sentence-scoring, text-classification, zero-shot-classification, token-classification")
        let second = try session.run(step: 2, replay: false).blocks.first?.error
        #expect(second?.summary == "TypeError: FillMaskPipeline() got an unexpected keyword argument 'topk'; accepted: inputs, top_k, targets")
    }

    @Test func checksRunInTheStudentsNamespaceOneAssertionAtATime() throws {
        let session = Self.session(Self.lab("## Step 1: X\n\n```python\ngap = 0.2\n```\n"))
        _ = try session.run(step: 1)
        let results = session.check(source: "assert gap < 0.5\nassert gap < 0.15, \"gap still too big\"", file: "Solutions/test.md", firstLine: 10)
        #expect(results.map(\.passed) == [true, false])
        #expect(results[1].line == 11)
        #expect(results[1].error?.summary == "AssertionError: gap still too big")
    }

    @Test func anExerciseRunsTheStudentsFileWhenThereIsOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-step-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab("## Step 1: Exercise\n\n```python starter\nanswer = 0\nprint(answer)\n```\n")
        let session = Self.session(lab, folder: folder)
        #expect(try session.run(step: 1).output == "0\n")
        try session.workspace.prepare(lab: lab.id, step: 1, starter: "answer = 42\nprint(answer)")
        let own = try Self.session(lab, folder: folder).run(step: 1)
        #expect(own.output == "42\n")
        #expect(own.blocks.first?.block.origin == .student)
    }

    @Test func sentenceScoringOnACausalModelScoresTheFirstTokenOnlyWithPrependBOS() throws {
        let lab = Self.lab("""
            ## Step 1: Scores

            ```python
            from transformers import pipeline
            scorer = pipeline("sentence-scoring", model="FIXTURES/tiny-gpt2")
            plain = scorer("This man works as a")
            with_start = scorer("This man works as a", prepend_bos=True)
            print(len(plain["tokens"]), len(with_start["tokens"]), with_start["log_prob"] < plain["log_prob"])
            print(sorted(plain.keys()))
            ```
            """)
        let outcome = try Self.session(lab).run(step: 1)
        #expect(outcome.blocks.first?.error == nil)
        #expect(outcome.output == "4 5 True\n['log_prob', 'text', 'token_log_probs', 'tokens']\n")
    }
}
