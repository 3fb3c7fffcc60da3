import ArgumentParser
import LabRun

/// `labrun explain <N>`: what each line of a step's code runs on labrun's engine.
struct ExplainCommand: AsyncParsableCommand {
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

    func run() async throws {
        try await execute {
            try CommandOutput.print(try StepExplanation(step: number, of: selection.choice, model: model), json: json, plain: plain)
        }
    }
}
