import ArgumentParser
import LabRun

/// `--labs DIR`: shared by every command that looks labs up.
struct LabFolderOptions: ParsableArguments {
    @Option(name: .customLong("labs"), help: ArgumentHelp(
        "The folder of lab files (default: $LABRUN_LABS, else ./Labs).", valueName: "dir"))
    var folder: String?

    /// The labs folder these options name, with no lab chosen.
    var choice: LabChoice { LabChoice(labsFolder: folder) }
}
