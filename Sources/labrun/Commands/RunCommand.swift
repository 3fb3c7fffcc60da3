import ArgumentParser
import LabRun

/// `labrun run --all`: run every step of a lab in order.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lab through: every step in order, stopping at the first error.",
        discussion: """
            Examples:
              labrun run --all
              labrun run --all --lab ml-bias --model gpt2
            """
    )

    @Flag(help: "Run every step (required: it says what this command does).")
    var all = false

    @OptionGroup var selection: LabSelection
    @OptionGroup var options: RunOptions

    func validate() throws {
        guard all else { throw ValidationError("say --all to run every step, or use `labrun step N` for one step") }
    }

    func run() async throws {
        try await execute { try await StepRunner.all(of: selection.choice, options: options.runner) }
    }
}
