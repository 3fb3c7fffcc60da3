import LabScript
import Testing

/// Runs `source` in a fresh interpreter and returns what it printed.
func output(of source: String, limits: Limits = .standard) throws(LabScriptError) -> String {
    var printed = ""
    let interpreter = Interpreter(limits: limits, output: { printed += $0 })
    try interpreter.run(source, file: "test.py")
    return printed
}

@Suite struct InterpreterTests {
    @Test func printsValuesAsCPythonDoes() throws {
        #expect(try output(of: "print(['lawyer', 'doctor'], {'score': 0.1}, 0.1 + 0.2)") == "['lawyer', 'doctor'] {'score': 0.1} 0.30000000000000004\n")
    }

    @Test func sessionsShareGlobalsAcrossRuns() throws {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        try interpreter.run("scores = [0.2, 0.4]", file: "lab.md", firstLine: 10)
        try interpreter.run("print(sum(scores) / len(scores))", file: "lab.md", firstLine: 20)
        try interpreter.run("assert max(scores) < 0.5", file: "check.md")
        #expect(printed == "0.30000000000000004\n")
        #expect(interpreter[global: "scores"]?.asArray?.count == 2)
    }

    @Test func errorsNameTheFileLineColumnAndSourceLine() throws {
        let interpreter = Interpreter(output: { _ in })
        do {
            try interpreter.run("x = 1\nprint(totl)", file: "lab.md", firstLine: 41)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == "NameError")
            #expect(error.summary == "NameError: name 'totl' is not defined")
            #expect(error.range?.line == 42)
            #expect(error.range?.column == 7)
            #expect(error.description.contains("    print(totl)\n          ^^^^\n"))
        }
    }

    @Test func unsupportedPythonSaysWhatToUseInstead() throws {
        do {
            _ = try output(of: "class Foo:\n    pass\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == "SyntaxError")
            #expect(error.message == "'class' is not part of LabScript")
            #expect(error.hint != nil)
        }
    }
}
