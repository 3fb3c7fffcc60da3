import Testing
import LabScript
@testable import LabRun

@Suite struct ReplayPlanTests {
    private func block(_ source: String) -> RunnableBlock {
        RunnableBlock(step: 1, source: source, file: "lab.md", firstLine: 1, expected: nil, origin: .lab)
    }

    @Test func aLaterStepReplaysOnlyTheStatementsItsNamesComeFrom() throws {
        let step1 = block("""
            from transformers import pipeline
            model = "bert-base-uncased"
            unmasker = pipeline("fill-mask", model=model)
            print("loaded")
            words = ["doctor"]
            words.append("nurse")
            unrelated = 42
            """)
        let step2 = try Interpreter.parse("for w in words:\n    print(unmasker(w))\n")
        let plan = ReplayPlan(earlier: [step1], target: [step2])
        #expect(plan.entries.map(\.statements) == [[0, 1, 2, 4, 5]])
    }

    @Test func aStepThatReadsNothingEarlierReplaysNothing() throws {
        let plan = ReplayPlan(earlier: [block("x = 1\nprint(x)\n")], target: [try Interpreter.parse("print(2)\n")])
        #expect(plan.entries.isEmpty)
    }
}
