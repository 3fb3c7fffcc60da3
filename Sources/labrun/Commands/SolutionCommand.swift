import ArgumentParser
import LabRun

/// `labrun solution <N>`: show the reference solution of an exercise (and record that you looked).
struct SolutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show the reference solution of an exercise step. Your instructor sees that you looked.",
        discussion: """
            Example:
              labrun solution 4
            """
    )

    @Argument(help: "The exercise's step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the reveal for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        try await execute {
            try CommandOutput.print(try await ExerciseDesk(selection.choice, student: student).revealSolution(step: number),
                                    json: false, plain: plain)
        }
    }
}
