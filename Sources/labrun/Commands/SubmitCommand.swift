import ArgumentParser
import LabRun

/// `labrun submit <N>`: run your exercise code, then the lab's checks.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Check your code for an exercise step against the lab's checks, and record the result.",
        discussion: """
            Runs labrun-work/<lab>/step-N.py (with what earlier steps defined), then each assertion \
            of the step's check blocks in Solutions/, and says which passed. Exit status 0 when all pass.

            Example:
              labrun submit 4
            """
    )

    @Argument(help: "The exercise's step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the submission for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        try await execute {
            let report = try await ExerciseDesk(selection.choice, student: student)
                .submit(step: number, output: { ConsoleStream.standardOutput.write($0) })
            return try CommandOutput.print(report, json: false, plain: plain)
        }
    }
}
