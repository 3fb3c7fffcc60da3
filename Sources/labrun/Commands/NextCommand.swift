import ArgumentParser
import Foundation
import Inference
import LabKit
import LabRun

/// `labrun next`: run the step after the one last run.
struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Run the step after the last one you ran (step 1 of the current lab to begin).",
        discussion: """
            Example:
              labrun next
            """
    )

    @OptionGroup var selection: LabSelection
    @OptionGroup var options: RunOptions

    func run() async throws {
        let lab = try selection.resolve()
        let last = LastStep().read()
        let next = last.map { $0.lab == lab.id ? $0.step + 1 : 1 } ?? 1
        guard lab.step(next) != nil else {
            FileHandle.standardError.write(Data("labrun: you have reached the end of \(lab.id) (step \(next - 1) was its last). Try `labrun quiz \(lab.frontMatter.quiz ?? lab.id)` or `labrun progress`.\n".utf8))
            return
        }
        let status: Int32
        do {
            status = try await StepRunner(lab: lab, options: options.runner).run(step: next)
        } catch {
            throw CommandFailure.report(error)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
