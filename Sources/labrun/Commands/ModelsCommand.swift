import ArgumentParser
import Foundation
import Inference
import LabKit
import LabRun

/// `labrun models …`: the models on this machine.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models labrun can use offline.",
        subcommands: [List.self],
        defaultSubcommand: List.self
    )

    /// `labrun models list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the models in labrun's models folder, with size and format.",
            discussion: """
                The folder is $LABRUN_HOME/models (default ~/.local/share/labrun/models); \
                set-up installs the two bundled models there.

                Example:
                  labrun models list --json
                """
        )

        @Flag(help: "Print JSON for scripts instead of a table.")
        var json = false

        func run() throws {
            let home = LabRunHome()
            let models = LocalModel.all(in: home)
            if json {
                let rows: [[String: Any]] = models.map {
                    [
                        "id": $0.id, "path": $0.directory.path, "size": $0.sizeInBytes,
                        "format": $0.format.rawValue, "bundled": $0.isBundled,
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            guard !models.isEmpty else {
                print("No models in \(home.models.path).")
                print("Install the bundled ones with: make setup")
                return
            }
            let terminal = Terminal.standardOutput()
            let idWidth = max(2, models.map(\.id.count).max() ?? 0)
            print(TerminalStyle.bold.apply(
                "ID".padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  SIZE      FORMAT       BUNDLED",
                on: terminal))
            for model in models {
                let size = ByteCount.format(model.sizeInBytes)
                print(model.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                    + "  " + size.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "  " + model.format.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + "  " + (model.isBundled ? "yes" : "no"))
            }
            print(TerminalStyle.dim.apply("in \(home.models.path)", on: terminal))
        }
    }
}
