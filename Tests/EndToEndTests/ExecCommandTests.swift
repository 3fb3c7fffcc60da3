import Foundation
import Testing

@Suite struct ExecCommandTests {
    /// Writes `source` to a temporary `name` and runs `labrun exec` on it.
    func exec(_ source: String, name: String = "scratch.py") throws -> LabrunBinary.Outcome {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try source.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return try LabrunBinary.run(["exec", name], in: folder)
    }

    @Test func printsExactlyWhatTheProgramPrints() throws {
        let outcome = try exec("""
            scores = {'doctor': 0.1234, 'nurse': 0.5}
            for word, score in sorted(scores.items(), key=lambda kv: kv[1], reverse=True):
                print(f"{word:>8} {score:.3f}")
            print(scores, 0.1 + 0.2, end='')
            """)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        #expect(outcome.stdout == "   nurse 0.500\n  doctor 0.123\n{'doctor': 0.1234, 'nurse': 0.5} 0.30000000000000004")
    }

    @Test func aRuntimeErrorGoesToStandardErrorWithACaretAndExitsOne() throws {
        let outcome = try exec("print('before')\ntotal = sum([1, 2])\nprint(totl)\n")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "before\n")
        #expect(outcome.stderr == """
            labrun: error: File "scratch.py", line 3, column 7
                print(totl)
                      ^^^^
            NameError: name 'totl' is not defined

            """)
    }

    @Test func unsupportedPythonIsExplained() throws {
        let outcome = try exec("import math\nclass Model:\n    pass\n")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.contains("line 2, column 1"))
        #expect(outcome.stderr.contains("SyntaxError: 'class' is not part of LabScript"))
        #expect(outcome.stderr.contains("Use a dict for records"))
    }

    @Test func importingAnUnknownModuleListsTheKnownOnes() throws {
        let outcome = try exec("import os\n")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("ModuleNotFoundError: No module named 'os'"))
    }

    @Test func aMissingFileIsAUsageError() throws {
        let outcome = try LabrunBinary.run(["exec", "does-not-exist.py"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "labrun: error: cannot read 'does-not-exist.py': no such file, or it is not readable\n")
    }

    @Test func anEndlessLoopIsStoppedByTheStepBound() throws {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "while True:\n    pass\n".write(to: folder.appendingPathComponent("loop.py"), atomically: true, encoding: .utf8)
        let outcome = try LabrunBinary.run(["exec", "loop.py", "--max-steps", "1000"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("LimitError: the program ran more than 1000 steps"))
    }

    @Test func jsonReportsOutputAndErrorForScripts() throws {
        let folder = try LabrunBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "print('hi')\nx = 1 / 0\n".write(to: folder.appendingPathComponent("s.py"), atomically: true, encoding: .utf8)
        let outcome = try LabrunBinary.run(["exec", "s.py", "--json"], in: folder)
        #expect(outcome.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        #expect(report?["ok"] as? Bool == false)
        #expect(report?["stdout"] as? String == "hi\n")
        let error = report?["error"] as? [String: Any]
        #expect(error?["summary"] as? String == "ZeroDivisionError: division by zero")
        #expect(error?["line"] as? Int == 2)
        #expect(error?["column"] as? Int == 5)
    }
}
