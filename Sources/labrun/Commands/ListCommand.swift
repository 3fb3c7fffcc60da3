import ArgumentParser
import LabRun

/// `labrun list`: the labs in the labs folder.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the labs: id, title and number of steps.",
        discussion: """
            Labs are the Markdown files in ./Labs, or --labs DIR, or $LABRUN_LABS.

            Example:
              labrun list --labs ~/course/Labs
            """
    )

    @OptionGroup var labs: LabFolderOptions

    @Flag(help: "Print JSON for scripts instead of a table.")
    var json = false

    func run() async throws {
        try await execute {
            try CommandOutput.print(try LabList(labs.choice), json: json)
        }
    }
}
