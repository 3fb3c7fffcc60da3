import ArgumentParser
import Foundation
import LabKit

/// `--labs DIR`: shared by every command that looks labs up.
struct LabFolderOptions: ParsableArguments {
    @Option(name: .customLong("labs"), help: ArgumentHelp(
        "The folder of lab files (default: $LABRUN_LABS, else ./Labs).", valueName: "dir"))
    var folder: String?

    /// The catalog these options name.
    var catalog: LabCatalog { LabCatalog.resolve(explicit: folder) }
}
