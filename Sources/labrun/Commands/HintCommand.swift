import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun hint [N]`: reveal the next hint of a step.
struct HintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Reveal the next hint of a step (the last step you ran by default), one at a time.",
        discussion: """
            Examples:
              labrun hint        the next hint of the step you ran last
              labrun hint 4      the next hint of step 4
            """
    )

    @Argument(help: "The step number (default: the last step you ran in this lab).")
    var number: Int?

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the reveal for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        let lab = try selection.resolve()
        let last = LastStep().read()
        guard let step = number ?? (last?.lab == lab.id ? last?.step : nil) else {
            throw CommandFailure.exit("which step? run `labrun hint N` (you have not run a step of \(lab.id) yet)")
        }
        let terminal = Terminal.standardOutput(plain: plain)
        let renderer = TerminalRenderer(terminal: terminal)
        do {
            let exercise = try Exercise(lab: lab, step: step, solutionsFolder: selection.solutionsFolder)
            let actions = ExerciseActions(exercise: exercise, student: student)
            guard !exercise.hints.isEmpty else {
                print("Step \(step) of \(lab.id) has no hints.")
                return
            }
            if let (hint, index, total) = await actions.nextHint() {
                print(TerminalStyle.bold.apply("Hint \(index) of \(total) for step \(step):", on: terminal))
                print(renderer.render([hint.node]), terminator: "")
                if index < total { print(TerminalStyle.dim.apply("(`labrun hint \(step)` again for the next one)", on: terminal)) }
            } else {
                print(TerminalStyle.bold.apply("You have seen all \(exercise.hints.count) hints for step \(step):", on: terminal))
                for hint in await actions.revealedHints() { print(renderer.render([hint.node]), terminator: "") }
                if exercise.key?.referenceCode.isEmpty == false {
                    print(TerminalStyle.dim.apply("`labrun solution \(step)` shows the reference solution.", on: terminal))
                }
            }
        } catch {
            throw CommandFailure.report(error)
        }
    }
}
