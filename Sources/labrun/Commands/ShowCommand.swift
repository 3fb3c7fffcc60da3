import ArgumentParser
import LabRun

/// `labrun show <lab>`: a whole lab, rendered for the terminal.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a lab: headings, text, tables and code, wrapped to your terminal.",
        discussion: """
            The lab is an id from `labrun list` or a path to a lab file. Colours appear only on a \
            terminal and never with NO_COLOR or --plain.

            Examples:
              labrun show ml-bias
              labrun show Labs/ml-bias.md --json
            """
    )

    @OptionGroup var labs: LabFolderOptions

    @Argument(help: "The lab's id or file path.")
    var lab: String

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Flag(help: "Print the parsed structure as JSON.")
    var json = false

    func run() async throws {
        try await execute {
            let page = try LabPage(lab, in: labs.choice)
            try CommandOutput.print(page, json: json, plain: plain)
            if !json, let warning = page.warning { ConsoleStream.warn(warning) }
            return 0
        }
    }
}
