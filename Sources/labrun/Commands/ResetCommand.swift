import ArgumentParser
import LabRun

/// `labrun reset`: start a lab or a step again, hiding your own records from your progress.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Clear your own progress in a lab or one step, after asking for confirmation.",
        discussion: """
            Nothing is deleted: the records are marked as reset by a `reset` event, so they no \
            longer count in `labrun progress`, while an instructor's `labrun export` keeps the \
            full history. Without --lab or --step, resets every lab.

            Examples:
              labrun reset --lab ml-bias --step 2
              labrun reset --lab ml-bias --yes
            """
    )

    @Option(help: "Only this step (needs --lab unless you have records in one lab only).")
    var step: Int?

    @Option(help: "Only this lab.")
    var lab: String?

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    @Option(help: "Reset this student's records instead of the logged-in student's.")
    var student: String?

    @OptionGroup var options: ProgressOptions

    func validate() throws {
        if let step, step < 1 { throw ValidationError("--step \(step) is not a step number (steps count from 1)") }
    }

    func run() async throws {
        try await execute {
            let reset = try await ProgressReset(student: student, lab: lab, step: step, database: options.database)
            if reset.count > 0, !yes, !Console.confirm(reset.question) {
                print("Nothing was reset.")
                return 1
            }
            ConsoleStream.standardOutput.write(try await reset.perform())
            return 0
        }
    }
}
