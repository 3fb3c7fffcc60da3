import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun edit <N>`: start (or reopen) your own code for an exercise step.
struct EditCommand: ParsableCommand {
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

    func run() throws {
        let lab = try selection.resolve()
        let exercise: Exercise
        do {
            exercise = try Exercise(lab: lab, step: number, solutionsFolder: selection.solutionsFolder)
        } catch {
            throw CommandFailure.report(error)
        }
        guard !exercise.step.starterCode.isEmpty else {
            throw CommandFailure.exit("step \(number) of \(lab.id) is not an exercise (it has no ```python starter block); exercises: \(exerciseSteps(of: lab))")
        }
        let workspace = ExerciseWorkspace()
        let prepared: (url: URL, created: Bool)
        do {
            prepared = try workspace.prepare(lab: lab.id, step: number, starter: exercise.starter)
        } catch {
            throw CommandFailure.exit("\(error)", code: 1)
        }
        let path = workspace.displayPath(lab: lab.id, step: number)
        print(prepared.created ? "Created \(path) from the starter code." : "Your file: \(path)")
        let editor = ProcessInfo.processInfo.environment["VISUAL"] ?? ProcessInfo.processInfo.environment["EDITOR"]
        guard let editor, !editor.isEmpty, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            print("Edit it, then run `labrun step \(number)` to try it and `labrun submit \(number)` to check it.")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", prepared.url.path]
        try process.run()
        process.waitUntilExit()
        print("Run `labrun step \(number)` to try it and `labrun submit \(number)` to check it.")
    }

    private func exerciseSteps(of lab: Lab) -> String {
        let numbers = lab.steps.filter { !$0.starterCode.isEmpty }.map { String($0.number) }
        return numbers.isEmpty ? "none" : numbers.joined(separator: ", ")
    }
}
