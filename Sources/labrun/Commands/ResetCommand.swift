import ArgumentParser
import Foundation
import LabRun

/// `labrun reset`: start a lab or a step again, hiding your own records from your progress.
struct ResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Clear your own progress in a lab or one step, after asking for confirmation.",
        discussion: """
            Nothing is deleted: the records are marked as reset by a `reset` event, so they no \
            longer count in `labrun progress`, while an instructor's `labrun export` keeps the \
            full history. Without --lab or --step, resets every lab.

            Examples:
              labrun reset --lab ml-bias --step 2
              labrun reset --lab ml-bias --yes
            """
    )

    @Option(help: "Only this step (needs --lab unless you have records in one lab only).")
    var step: Int?

    @Option(help: "Only this lab.")
    var lab: String?

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    @Option(help: "Reset this student's records instead of the logged-in student's.")
    var student: String?

    @OptionGroup var options: ProgressOptions

    func validate() throws {
        if let step, step < 1 { throw ValidationError("--step \(step) is not a step number (steps count from 1)") }
    }

    func run() async throws {
        let identity: StudentIdentity
        do {
            identity = try StudentIdentity.current(override: student)
        } catch {
            throw CommandFailure.report(error)
        }
        let session = try options.session()
        do {
            try await session.withStore { store in try await reset(for: identity.id, in: store) }
        } catch {
            throw CommandFailure.report(error)
        }
    }

    private func reset(for student: String, in store: any ProgressStore) async throws {
        let mine = try await store.records(matching: RecordFilter(student: student))
        let labs = Set(mine.stepRuns.map(\.record.lab) + mine.answers.map(\.record.lab)
                       + mine.submissions.map(\.record.lab) + mine.reveals.map(\.record.lab)
                       + mine.quizAttempts.map(\.record.lab)).sorted()
        var chosenLab = lab
        if step != nil, chosenLab == nil {
            guard labs.count <= 1 else {
                throw UsageError(description: "--step needs --lab: you have progress in \(labs.joined(separator: ", "))")
            }
            chosenLab = labs.first
        }
        if let chosenLab, !labs.contains(chosenLab) {
            let everyLab = try await store.records(matching: RecordFilter()).labs.map(\.id)
            guard everyLab.contains(chosenLab) else {
                throw UsageError(description: "unknown lab '\(chosenLab)'; labs with progress: "
                                 + (everyLab.isEmpty ? "none yet" : everyLab.joined(separator: ", ")))
            }
        }
        let scope = ResetScope(student: student, lab: chosenLab, step: step)
        let count = mine.stepRuns.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
            + mine.answers.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
            + mine.submissions.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
            + mine.reveals.filter { scope.covers(lab: $0.record.lab, step: $0.record.step) }.count
            + mine.quizAttempts.filter { scope.covers(lab: $0.record.lab, step: nil) }.count
        guard count > 0 else {
            print("Nothing to reset: \(student) has no progress in \(scope).")
            return
        }
        if !yes {
            let question = "Reset \(count) record\(count == 1 ? "" : "s") of \(scope) for \(student)? "
                + "They stop counting in your progress; an instructor's export keeps them. [y/N] "
            FileHandle.standardOutput.write(Data(question.utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                print("Nothing was reset.")
                throw ExitCode(1)
            }
        }
        let summary = try await store.reset(scope)
        print("Reset \(summary.recordsReset) record\(summary.recordsReset == 1 ? "" : "s") of \(scope) for \(student).")
    }
}
