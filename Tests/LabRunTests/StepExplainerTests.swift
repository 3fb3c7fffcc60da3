import Foundation
import Inference
import LabKit
import Testing
@testable import LabRun

/// `labrun explain`'s sentences, which the host modules declare for their functions.
@Suite struct StepExplainerTests {
    static func explain(_ step: Int, of body: String) throws -> [StepExplainer.Line] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explainer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let hub = ModelHub(modelsFolder: folder.appendingPathComponent("home/models"),
                           settings: HubSettings(environment: ["HF_HUB_OFFLINE": "1", "HF_HOME": folder.appendingPathComponent("hf").path]))
        let lab = Lab(parsing: body, file: "Labs/test.md")
        return try StepExplainer(lab: lab, hub: hub).explain(step: step, workspace: ExerciseWorkspace(directory: folder))
    }

    static let lab = """
        ---
        id: test
        ---
        # Test

        ## Step 1: Set up

        ```python
        from transformers import pipeline
        import labrun
        unmasker = pipeline("fill-mask", model="some/model", device=0)
        ```

        ## Step 2: Use

        ```python
        for s in ["a [MASK]"]:
            print(unmasker(s, top_k=2))
        labrun.seat("some/model", "builtin", seed=1)
        labrun.no_such_action()
        unmasker = 3
        unmasker("a [MASK]")
        ```
        """

    @Test func aPipelineSaysItsTaskModelAndArguments() throws {
        let lines = try Self.explain(1, of: Self.lab)
        #expect(lines.map(\.source) == [#"unmasker = pipeline("fill-mask", model="some/model", device=0)"#])
        #expect(lines.first?.actions == ["transformers.pipeline → labrun's fill-mask pipeline on model some/model, from not on this machine: `labrun models pull some/model`; arguments used: model; accepted but ignored by labrun's engine: device"])
    }

    @Test func callsOfABoundPipelineAndOfActionsAreExplainedInsideBlocksToo() throws {
        let lines = try Self.explain(2, of: Self.lab)
        #expect(lines.map(\.line) == [lines[0].line, lines[0].line + 2])
        #expect(lines[0].actions == ["calls the fill-mask pipeline `unmasker` (model some/model, from not on this machine: `labrun models pull some/model`); arguments used: top_k"])
        #expect(lines[1].actions == ["labrun.seat → labrun's built-in labrun.seat action on model some/model, from not on this machine: `labrun models pull some/model`; arguments: seed"])
    }
}
