import ArgumentParser
import Foundation
import LabKit

/// `labrun list`: the labs in the labs folder.
struct ListCommand: ParsableCommand {
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

    func run() throws {
        let catalog = labs.catalog
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: catalog.folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.exit(
                "no labs folder `\(catalog.displayFolder)`; run labrun in a course folder, pass --labs DIR or set LABRUN_LABS")
        }
        let found = catalog.labs()
        if json {
            print(LabJSON.text(found.map { ["id": $0.id, "title": $0.title, "steps": $0.steps.count, "file": $0.file] }),
                  terminator: "")
            return
        }
        guard !found.isEmpty else {
            print("No labs in \(catalog.displayFolder).")
            return
        }
        let terminal = Terminal.standardOutput()
        let idWidth = max(2, found.map(\.id.count).max() ?? 0)
        let titleWidth = max(5, found.map(\.title.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        print(TerminalStyle.bold.apply(pad("ID", idWidth) + "  " + pad("TITLE", titleWidth) + "  STEPS", on: terminal))
        for lab in found {
            print(pad(lab.id, idWidth) + "  " + pad(lab.title, titleWidth) + "  " + String(lab.steps.count))
        }
    }
}
