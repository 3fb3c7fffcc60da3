import ArgumentParser
import Foundation
import Inference
import LabKit
import LabRun

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
        offerToPullMissingModels(of: found)
        if let first = found.steps.first {
            print("Next: labrun step \(first.number)    (\(first.title))")
        }
    }

    /// Names the lab's models that are not on this machine; on a terminal, offers to pull them.
    private func offerToPullMissingModels(of lab: Lab) {
        let hub = ModelHub()
        let all = hub.missing(lab.frontMatter.models)
        let bundled = all.filter { LocalModel.bundledIDs.contains($0) }
        if !bundled.isEmpty {
            print("The bundled \(bundled.count == 1 ? "model is" : "models are") not installed: \(bundled.joined(separator: ", ")); run `make setup` (scripts/install-models.sh).")
        }
        let missing = all.filter { !LocalModel.bundledIDs.contains($0) }
        guard !missing.isEmpty else { return }
        print("Not on this machine: \(missing.joined(separator: ", ")) (steps that use \(missing.count == 1 ? "it" : "them") run with the bundled models, or with --model).")
        guard !hub.settings.isOffline, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            print("To fetch \(missing.count == 1 ? "it" : "them"): labrun models pull \(missing.joined(separator: " "))")
            return
        }
        print("Pull \(missing.count == 1 ? "it" : "them") now? [y/N] ", terminator: "")
        guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { return }
        for id in missing {
            do {
                _ = try hub.pull(id, progress: DownloadProgressBar.standardError().handle)
                print("Pulled \(id).")
            } catch {
                CommandFailure.warn("could not pull \(id): \(error)")
            }
        }
    }
}
