import ArgumentParser
import Foundation
import LabKit
import LabRun

/// `labrun submit <N>`: run your exercise code, then the lab's checks.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Check your code for an exercise step against the lab's checks, and record the result.",
        discussion: """
            Runs labrun-work/<lab>/step-N.py (with what earlier steps defined), then each assertion \
            of the step's check blocks in Solutions/, and says which passed. Exit status 0 when all pass.

            Example:
              labrun submit 4
            """
    )

    @Argument(help: "The exercise's step number.")
    var number: Int

    @OptionGroup var selection: LabSelection

    @Flag(help: "No colours or styles, even on a terminal.")
    var plain = false

    @Option(help: "Record the submission for this student instead of the logged-in one.")
    var student: String?

    func run() async throws {
        let lab = try selection.resolve()
        let terminal = Terminal.standardOutput(plain: plain)
        let submission = try await selection.withExercise(number, of: lab, student: student) {
            try await $0.submit(output: { OutputStream.standardOutput.write($0) })
        }
        if let error = submission.outcome.replayError ?? submission.outcome.blocks.compactMap(\.error).first {
            print(TerminalStyle.red.apply(error.description, on: terminal))
            print("Your code stopped with an error, so the checks did not run.")
            throw ExitCode(1)
        }
        for check in submission.checks {
            if check.passed {
                print(TerminalStyle.green.apply("✓ ", on: terminal) + check.source)
            } else {
                print(TerminalStyle.red.apply("✗ ", on: terminal) + check.source)
                print("    " + (check.error?.summary ?? "failed"))
            }
        }
        let passed = submission.checks.filter(\.passed).count
        let verdict = "\(passed) of \(submission.checks.count) check\(submission.checks.count == 1 ? "" : "s") passed"
        print(TerminalStyle.bold.apply(submission.passed ? "Step \(number) passed: \(verdict)." : "Not yet: \(verdict). `labrun hint \(number)` may help.", on: terminal))
        if !submission.passed { throw ExitCode(1) }
    }
}
