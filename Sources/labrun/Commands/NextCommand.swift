import ArgumentParser
import LabRun

/// `labrun next`: run the step after the one last run.
struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Run the step after the last one you ran (step 1 of the current lab to begin).",
        discussion: """
            Example:
              labrun next
            """
    )

    @OptionGroup var selection: LabSelection
    @OptionGroup var options: RunOptions

    func run() async throws {
        try await execute { try await StepRunner.next(of: selection.choice, options: options.runner) }
    }
}
