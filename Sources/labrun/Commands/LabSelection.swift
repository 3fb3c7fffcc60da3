import ArgumentParser
import LabRun

/// `--labs DIR` and `--lab ID`: which lab a step command works on (default: the current lab,
/// set by `labrun start`).
struct LabSelection: ParsableArguments {
    @OptionGroup var folder: LabFolderOptions

    @Option(help: ArgumentHelp("The lab's id or file path (default: the current lab, from `labrun start`).", valueName: "id"))
    var lab: String?

    /// The lab these options choose.
    var choice: LabChoice { LabChoice(labsFolder: folder.folder, lab: lab) }
}

/// `--model`, `--json`, `--plain`, `--student`, `--database`, `--record`/`--no-record`: how a step runs.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "Run every pipeline on this model instead of the lab's; give it twice or more to compare models side by side.",
        valueName: "id"))
    var models: [String] = []

    @Flag(help: "Print a JSON result (output, expected-output verdicts, provenance) instead of the rendered step.")
    var json = false

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the run for this student instead of the logged-in one.")
    var student: String?

    @Option(help: ArgumentHelp("The progress database (default: $LABRUN_DATABASE_URL, else $LABRUN_HOME/progress.sqlite).", valueName: "url"))
    var database: String?

    @Flag(inversion: .prefixedNo, help: "Require recording (exit 1 if the progress store fails); --no-record records nothing.")
    var record: Bool?

    /// The runner options these flags ask for.
    var runner: StepRunner.Options {
        var options = StepRunner.Options()
        options.models = models
        options.json = json
        options.plain = plain
        options.student = student
        options.database = database
        switch record {
        case true?: options.recording = .required
        case false?: options.recording = nil
        case nil: options.recording = .bestEffort
        }
        return options
    }
}
