import ArgumentParser
import Foundation
import Inference
import LabKit
import LabRun

/// `--labs DIR` and `--lab ID`: which lab a step command works on (default: the current lab,
/// set by `labrun start`).
struct LabSelection: ParsableArguments {
    @OptionGroup var folder: LabFolderOptions

    @Option(help: ArgumentHelp("The lab's id or file path (default: the current lab, from `labrun start`).", valueName: "id"))
    var lab: String?

    /// The chosen lab, or exit 2 with a message that lists the labs.
    func resolve() throws -> Lab {
        let catalog = folder.catalog
        do {
            guard let reference = lab ?? CurrentLab(home: LabRunHome().root).read() else {
                throw LabLookupError.noCurrentLab(available: catalog.ids)
            }
            return try catalog.lab(reference)
        } catch let error as LabLookupError {
            throw CommandFailure.exit(error.description)
        }
    }

    /// The Solutions folder beside the labs folder.
    var solutionsFolder: URL { Exercise.solutionsFolder(besides: folder.catalog.folder) }

    /// Runs `action` on exercise step `number` of `lab` for `student`; a step that is not an
    /// exercise (or has no key) exits with its message, any other error is reported.
    func withExercise<Result>(
        _ number: Int, of lab: Lab, student: String?, _ action: (ExerciseActions) async throws -> Result
    ) async throws -> Result {
        do {
            let exercise = try Exercise(lab: lab, step: number, solutionsFolder: solutionsFolder)
            return try await action(ExerciseActions(exercise: exercise, student: student))
        } catch let error as SubmissionError {
            throw CommandFailure.exit(error.description)
        } catch {
            throw CommandFailure.report(error)
        }
    }
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
