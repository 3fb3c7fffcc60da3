import ArgumentParser
import LabRun

/// `labrun login <name>`: who the work on this machine is recorded for.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Set the student name your runs, answers and scores are recorded under.",
        discussion: """
            The name is saved in $LABRUN_HOME/student and used by every later command; \
            --student NAME overrides it for one command. Without a login, labrun uses your \
            system user name.

            Example:
              labrun login ada --display-name "Ada Lovelace"
            """
    )

    @Argument(help: "Your student name (the id an instructor sees).")
    var name: String

    @Option(help: "The name shown in the class view (default: the student name).")
    var displayName: String?

    @OptionGroup var options: ProgressOptions

    func run() async throws {
        try await execute {
            let login = try await StudentLogin(name, displayName: displayName, database: options.database)
            try CommandOutput.print(login, json: false)
            if let warning = login.storeWarning { ConsoleStream.warn(warning) }
            return 0
        }
    }
}
