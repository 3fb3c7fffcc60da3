import ArgumentParser
import LabRun

/// `labrun whoami`: the student name work is recorded under, and where it came from.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the student name your work is recorded under.",
        discussion: """
            The name comes from --student, else `labrun login`, else your system user name.

            Example:
              labrun whoami --json
            """
    )

    @Option(help: "Use this student name instead of the saved one.")
    var student: String?

    @Flag(help: "Print {\"student\", \"source\", \"database\"} as JSON.")
    var json = false

    @OptionGroup var options: ProgressOptions

    func run() async throws {
        try await execute {
            try CommandOutput.print(try StudentWhoami(override: student, database: options.database), json: json)
        }
    }
}
