import ArgumentParser
import LabRun

/// `labrun edit <N>`: start (or reopen) your own code for an exercise step.
struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Write your own code for an exercise step: creates labrun-work/<lab>/step-N.py and opens $EDITOR.",
        discussion: """
            The file starts from the step's starter code and is never overwritten. Without $EDITOR \
            (or when not on a terminal) the path is printed. Then `labrun step N` runs your file and \
            `labrun submit N` checks it.

            Example:
              EDITOR=nano labrun edit 4
            """
    )

    @Argument(help: "The exercise's step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    func run() async throws {
        try await execute {
            let file = try ExerciseDesk(selection.choice).prepareFile(step: number)
            try CommandOutput.print(file, json: false)
            guard let editor = ExerciseFile.editor else {
                print("Edit it, then run `labrun step \(number)` to try it and `labrun submit \(number)` to check it.")
                return 0
            }
            try file.open(in: editor)
            print("Run `labrun step \(number)` to try it and `labrun submit \(number)` to check it.")
            return 0
        }
    }
}
