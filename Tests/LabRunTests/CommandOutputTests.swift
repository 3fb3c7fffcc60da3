import Foundation
import LabKit
import LabScript
import Testing
@testable import LabRun

/// Every `--json` goes through one encoder: snake_case keys, data keys untouched, one error shape.
@Suite struct CommandOutputTests {
    struct Sample: Encodable {
        var replayedStatements = 2
        var answers = ["Q1": "B", "HuggingFaceTB/SmolLM2-135M-Instruct": "x"]
        var missing: String?
    }

    @Test func keysAreSnakeCaseButMapKeysAreDataAndStayAsTheyAre() throws {
        let text = try CommandOutput.json(Sample())
        #expect(text.contains("\"replayed_statements\" : 2"))
        #expect(text.contains("\"Q1\" : \"B\""))
        #expect(text.contains("\"HuggingFaceTB/SmolLM2-135M-Instruct\""))  // slashes not escaped
        #expect(!text.contains("missing"))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func aScriptErrorHasOneShapeWhereverItIsShown() throws {
        let interpreter = Interpreter()
        var failure: LabScriptError?
        do { try interpreter.run("x = 1\nprint(1 / 0)\n", file: "s.py") } catch { failure = error }
        let error = try #require(failure)
        let report = ScriptErrorReport(error)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try CommandOutput.json(report).utf8)) as? [String: Any])
        #expect(object["type"] as? String == "ZeroDivisionError")
        #expect(object["summary"] as? String == "ZeroDivisionError: division by zero")
        #expect(object["file"] as? String == "s.py" && object["line"] as? Int == 2)
        #expect(object["kind"] == nil)
    }

    @Test func aLabValueEncodesNullsAndNumbersAsJSON() throws {
        let value: JSONValue = ["quiz": nil, "weight": 0.5.json, "steps": [1, 2], "ok": true]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try CommandOutput.json(value).utf8)) as? [String: Any])
        #expect(object["quiz"] is NSNull)
        #expect(object["weight"] as? Double == 0.5)
        #expect(object["steps"] as? [Int] == [1, 2])
    }

    @Test func usageMistakesExitWithTwoAndFailuresWithOne() {
        #expect(CommandFailure.exitStatus(of: UsageError("unknown lab")) == 2)
        #expect(CommandFailure.exitStatus(of: CommandFailure("the store failed")) == 1)
        #expect(CommandFailure.exitStatus(of: CommandFailure.quiet(status: 3)) == 3)
        #expect(CommandFailure.exitStatus(of: CocoaError(.fileNoSuchFile)) == 1)
    }

    @Test func oneBarRendererForDownloadsMetricsAndScores() {
        #expect(ProgressLine.bar(0.5, cells: 4) == "[██░░]")
        #expect(ProgressLine.bar(.nan, cells: 3) == "[░░░]")
        #expect(ProgressLine.bar(7, cells: 2) == "[██]")
        #expect(ProgressLine.line(label: "seat", fraction: nil, figures: "3 B", width: 40) == "seat  3 B")
        #expect(ProgressLine.line(label: "seat", fraction: 0, figures: "0/9", width: 30).count == 29)
    }
}
