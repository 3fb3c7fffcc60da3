import Foundation
import LabKit
import LabScript

/// `labrun exec FILE.py`: runs a LabScript file outside any lab. Its output streams as it is
/// printed; with `--json` it is captured into the result instead.
public struct ScriptRun: CommandResult {
    public let file: String
    /// Whether it ran to the end.
    public let ok: Bool
    /// What it printed (captured only for JSON; streamed otherwise).
    public let stdout: String
    public let error: ScriptErrorReport?
    private let errorText: String?

    /// Runs `file`, stopping it after `maxSteps` steps when given; `capture` keeps the output in the
    /// result instead of writing it to standard output.
    /// - Throws: `UsageError` when the file cannot be read or is not UTF-8.
    public init(file: String, maxSteps: Int?, capture: Bool) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read '\(file)': no such file, or it is not readable")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw UsageError("'\(file)' is not UTF-8 text")
        }
        var limits = Limits.standard
        if let maxSteps { limits.steps = maxSteps }
        nonisolated(unsafe) var captured = ""
        let interpreter = Interpreter(limits: limits, output: { text in
            if capture { captured += text } else { ConsoleStream.standardOutput.write(text) }
        })
        ActionModules.register(in: interpreter)
        var failure: LabScriptError?
        do {
            try interpreter.run(source, file: file)
        } catch {
            failure = error
        }
        self.file = file
        ok = failure == nil
        stdout = captured
        error = failure.map(ScriptErrorReport.init)
        errorText = failure?.description
    }

    enum CodingKeys: String, CodingKey { case file, ok, stdout, error }

    public var exitStatus: Int32 { ok ? 0 : 1 }

    /// Nothing more on standard output: the program's output has streamed already.
    public func text(on terminal: Terminal) -> String { "" }

    /// The error as standard error shows it: file, line, column and a caret.
    public var errorMessage: String? { errorText }
}
