import ArgumentParser
import LabRun

/// `labrun exec FILE.py`: runs a LabScript file outside any lab.
struct ExecCommand: AsyncParsableCommand {
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

    @Flag(help: "Print one JSON object (ok, stdout, error with type, message, line, column) instead of the program's output.")
    var json = false

    func run() async throws {
        try await execute {
            let script = try ScriptRun(file: file, maxSteps: maxSteps, capture: json)
            if !json, let message = script.errorMessage { ConsoleStream.standardError.write("labrun: error: \(message)\n") }
            return try CommandOutput.print(script, json: json)
        }
    }
}
