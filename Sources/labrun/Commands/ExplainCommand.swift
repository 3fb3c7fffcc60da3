import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun explain <N>`: what each line of a step's code runs on labrun's engine.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what each line of a step's code maps to: action, task, model and arguments.",
        discussion: """
            Reads the code without running it. Arguments that Hugging Face code passes but labrun's \
            engine ignores (device=, torch_dtype=) are named.

            Examples:
              labrun explain 2
              labrun explain 2 --model gpt2
            """
    )

    @Argument(help: "The step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    @Option(help: ArgumentHelp("Explain as if every pipeline used this model.", valueName: "id"))
    var model: String?

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Flag(help: "Print the lines as JSON.")
    var json = false

    func run() throws {
        let lab = try selection.resolve()
        let lines: [StepExplainer.Line]
        do {
            lines = try StepExplainer(lab: lab, substitute: model).explain(step: number)
        } catch {
            throw CommandFailure.report(error)
        }
        if json {
            print(LabJSON.text(lines.map { ["file": $0.file, "line": $0.line, "source": $0.source, "actions": $0.actions] as [String: Any] }))
            return
        }
        let terminal = Terminal.standardOutput(plain: plain)
        guard !lines.isEmpty else {
            print("Step \(number) of \(lab.id) calls no model or labrun action: its code runs in the interpreter alone.")
            return
        }
        for line in lines {
            print(TerminalStyle.cyan.apply("\(line.file):\(line.line)", on: terminal) + "  " + line.source)
            for action in line.actions { print("    → " + action) }
        }
    }
}
