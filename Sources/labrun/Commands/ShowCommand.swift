import ArgumentParser
import Foundation
import LabKit

/// `labrun show <lab>`: a whole lab, rendered for the terminal.
struct ShowCommand: ParsableCommand {
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

    func run() throws {
        let found: Lab
        do {
            found = try labs.catalog.lab(lab)
        } catch {
            throw CommandFailure.exit(error.description)
        }
        if json {
            print(LabJSON.text(LabJSON.object(found)), terminator: "")
            return
        }
        print(TerminalRenderer(terminal: .standardOutput(plain: plain)).render(lab: found), terminator: "")
        let errors = found.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            FileHandle.standardError.write(Data(
                "labrun: warning: \(found.file) has \(errors) problem\(errors == 1 ? "" : "s"); run `labrun check \(found.file)`\n".utf8))
        }
    }
}
