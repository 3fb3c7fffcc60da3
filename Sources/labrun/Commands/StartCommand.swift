import ArgumentParser
import Foundation
import Inference
import LabKit

/// `labrun start <lab>`: makes a lab the current one, so `labrun step N` needs no `--lab`.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a lab: remember it as the current lab and show how to begin.",
        discussion: """
            The current lab is kept in $LABRUN_HOME/current-lab (default ~/.local/share/labrun).

            Example:
              labrun start ml-bias && labrun step 1
            """
    )

    @OptionGroup var labs: LabFolderOptions

    @Argument(help: "The lab's id or file path.")
    var lab: String

    func run() throws {
        let catalog = labs.catalog
        let found: Lab
        do {
            found = try catalog.lab(lab)
        } catch {
            throw CommandFailure.exit(error.description)
        }
        do {
            try CurrentLab(home: LabRunHome().root).write(CurrentLab.reference(for: found, in: catalog))
        } catch {
            throw CommandFailure.exit(error.description, code: 1)
        }
        let terminal = Terminal.standardOutput()
        print("Started \(TerminalStyle.bold.apply(found.title, on: terminal)) (\(found.id), \(found.steps.count) steps).")
        if let warning = found.frontMatter.contentWarning {
            print(TerminalStyle.yellow.apply("Content warning: ", on: terminal) + warning)
        }
        if let first = found.steps.first {
            print("Next: labrun step \(first.number)    (\(first.title))")
        }
    }
}
