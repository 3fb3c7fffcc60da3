import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun solution <N>`: show the reference solution of an exercise (and record that you looked).
struct SolutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show the reference solution of an exercise step. Your instructor sees that you looked.",
        discussion: """
            Example:
              labrun solution 4
            """
    )

    @Argument(help: "The exercise's step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the reveal for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        let lab = try selection.resolve()
        let terminal = Terminal.standardOutput(plain: plain)
        let blocks = try await selection.withExercise(number, of: lab, student: student) { try await $0.revealSolution() }
        print(TerminalStyle.bold.apply("Reference solution for step \(number) of \(lab.id) (this reveal is recorded):", on: terminal))
        for block in blocks {
            let node = MarkdownNode(kind: .codeBlock(info: "python", code: block.source + "\n", fenced: true), position: block.position)
            print(TerminalRenderer(terminal: terminal).render([node]), terminator: "")
        }
    }
}
