import ArgumentParser
import Foundation
import LabRun
import LabScript

/// `labrun exec FILE.py`: runs a LabScript file outside any lab.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a LabScript (Python-subset) file outside any lab.",
        discussion: """
            The file's output is printed exactly as the program prints it; an error is printed on \
            standard error with the file, line, column and a caret, and the exit status is 1.

            Examples:
              labrun exec scratch.py
              labrun exec scratch.py --json     one JSON object, for scripts
            """
    )

    @Argument(help: "The LabScript file to run (Python syntax, e.g. scratch.py).")
    var file: String

    @Option(help: "Stop the program after this many steps (loop iterations and calls).")
    var maxSteps: Int?

    @Flag(help: "Print one JSON object (ok, stdout, error with kind, message, line, column) instead of the program's output.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            FileHandle.standardError.write(Data("labrun: error: cannot read '\(file)': no such file, or it is not readable\n".utf8))
            throw ExitCode(2)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("labrun: error: '\(file)' is not UTF-8 text\n".utf8))
            throw ExitCode(2)
        }
        var limits = Limits.standard
        if let maxSteps { limits.steps = maxSteps }
        nonisolated(unsafe) var captured = ""
        let asJSON = json
        let interpreter = Interpreter(limits: limits, output: { text in
            if asJSON { captured += text } else { FileHandle.standardOutput.write(Data(text.utf8)) }
        })
        ActionModules.register(in: interpreter)
        var failure: LabScriptError?
        do {
            try interpreter.run(source, file: file)
        } catch {
            failure = error
        }
        if json {
            var report: [String: Any] = ["ok": failure == nil, "stdout": captured, "file": file]
            if let failure {
                var error: [String: Any] = ["kind": failure.kind, "message": failure.message, "summary": failure.summary]
                if let range = failure.range { error["line"] = range.line; error["column"] = range.column }
                if let hint = failure.hint { error["hint"] = hint }
                report["error"] = error
            }
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else if let failure {
            FileHandle.standardError.write(Data("labrun: error: \(failure.description)\n".utf8))
        }
        if failure != nil { throw ExitCode(1) }
    }
}
