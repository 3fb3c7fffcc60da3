import ArgumentParser
import LabRun

/// `labrun hint [N]`: reveal the next hint of a step.
struct HintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Reveal the next hint of a step (the last step you ran by default), one at a time.",
        discussion: """
            Examples:
              labrun hint        the next hint of the step you ran last
              labrun hint 4      the next hint of step 4
            """
    )

    @Argument(help: "The step number (default: the last step you ran in this lab).")
    var number: Int?

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the reveal for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        try await execute {
            try CommandOutput.print(try await ExerciseDesk(selection.choice, student: student).nextHint(step: number),
                                    json: false, plain: plain)
        }
    }
}
