import ArgumentParser
import LabRun

/// `labrun step <N>`: show step N of the current lab and run its code.
struct StepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Show step N of the current lab and run its code on the built-in engine.",
        discussion: """
            Earlier steps are replayed silently, but only the statements step N needs, so a step \
            that needs nothing starts at once. Output blocks in the lab are compared with what the \
            code printed. Every run is recorded in your progress.

            Examples:
              labrun step 2
              labrun step 2 --model bert-base-uncased
              labrun step 2 --model HuggingFaceTB/SmolLM2-135M-Instruct --model gpt2
              labrun step 2 --json
            """
    )

    @Argument(help: "The step number, as in the lab's `Step N:` heading.")
    var number: Int

    @OptionGroup var selection: LabSelection
    @OptionGroup var options: RunOptions

    func run() async throws {
        try await execute { try await StepRunner.step(number, of: selection.choice, options: options.runner) }
    }
}
