import ArgumentParser
import LabRun

/// `labrun progress`: the current student's labs, or with `--class` the whole class.
struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress: each lab's steps (✓ done, ✗ failed, · not run), quiz scores, time spent.",
        discussion: """
            With --class, show every student: a students × steps matrix per lab, quiz scores, \
            and who is stuck on which step (their last run of it failed).

            Examples:
              labrun progress
              labrun progress --class --lab ml-bias
              labrun progress --json
            """
    )

    @Flag(name: .customLong("class"), help: "Show every student (instructors).")
    var wholeClass = false

    @Option(help: "Only this lab.")
    var lab: String?

    @Option(help: "Show this student instead of the one logged in.")
    var student: String?

    @Flag(help: "Print JSON for scripts instead of text.")
    var json = false

    @OptionGroup var options: ProgressOptions
    @OptionGroup var labs: LabFolderOptions

    func run() async throws {
        try await execute {
            if wholeClass {
                return try CommandOutput.print(
                    try await ClassProgressReport(lab: lab, database: options.database, choice: labs.choice), json: json)
            }
            return try CommandOutput.print(
                try await StudentProgressReport(student: student, lab: lab, database: options.database, choice: labs.choice), json: json)
        }
    }
}
