import ArgumentParser
import Foundation
import LabScript

/// `labrun exec FILE.py`: runs a LabScript file outside any lab.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a LabScript (Python-subset) file outside any lab.",
        discussion: """
            The file's output is printed exactly as the program prints it; an error is printed on \
            standard error with the file, line, column and a caret, and the exit status is 1.

            Example:
              labrun exec scratch.py
            """
    )

    @Argument(help: "The LabScript file to run (Python syntax, e.g. scratch.py).")
    var file: String

    @Option(help: "Stop the program after this many steps (loop iterations and calls).")
    var maxSteps: Int?

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
        let interpreter = Interpreter(limits: limits, output: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        })
        do {
            try interpreter.run(source, file: file)
        } catch {
            FileHandle.standardError.write(Data("labrun: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
