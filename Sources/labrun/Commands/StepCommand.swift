import ArgumentParser
import Foundation
import Inference
import LabKit

/// `labrun step <N>`: one step of the current lab (or `--lab`), rendered.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Show step N of the current lab (run its code once the interpreter lands).",
        discussion: """
            Uses the lab from `labrun start`, or --lab ID.

            Examples:
              labrun step 2
              labrun step 2 --lab ml-bias --plain
            """
    )

    @OptionGroup var labs: LabFolderOptions

    @Argument(help: "The step number, as in the lab's `Step N:` heading.")
    var number: Int

    @Option(help: ArgumentHelp("The lab's id or file path (default: the current lab).", valueName: "id"))
    var lab: String?

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    func run() throws {
        let catalog = labs.catalog
        let found: Lab
        let step: Step
        do {
            guard let reference = lab ?? CurrentLab(home: LabRunHome().root).read() else {
                throw LabLookupError.noCurrentLab(available: catalog.ids)
            }
            found = try catalog.lab(reference)
            step = try LabCatalog.step(number, of: found)
        } catch let error as LabLookupError {
            throw CommandFailure.exit(error.description)
        }
        let terminal = Terminal.standardOutput(plain: plain)
        print(TerminalRenderer(terminal: terminal).render(step: step, of: found), terminator: "")
        let code = step.executableCode.count + step.starterCode.count
        if code > 0 {
            print("")
            print(TerminalRenderer(terminal: terminal).render(
                note: "Not run: running a step's code arrives with the LabScript interpreter; this step has \(code) python block\(code == 1 ? "" : "s")."),
                terminator: "")
        }
    }
}
