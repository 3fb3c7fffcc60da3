import Foundation
import Inference
import LabKit
import LabScript
import Progress

/// What `labrun submit`, `labrun hint` and `labrun solution` do with an exercise, and how each is
/// recorded in the progress store (best effort: a store problem is a warning, never lost work).
public struct ExerciseActions {
    /// The exercise.
    public let exercise: Exercise
    /// Where the student's files are.
    public let workspace: ExerciseWorkspace
    /// Where the learner's files are (login, models).
    public let state: LabRunState
    /// The student (nil: the logged-in one).
    public let student: String?
    /// The progress database (nil: the configured one).
    public let database: String?

    /// Actions on `exercise` for `student`.
    public init(exercise: Exercise, workspace: ExerciseWorkspace = ExerciseWorkspace(), state: LabRunState = LabRunState(),
                student: String? = nil, database: String? = nil) {
        self.exercise = exercise
        self.workspace = workspace
        self.state = state
        self.student = student
        self.database = database
    }

    /// The result of a submission: the run of the student's code and each check.
    public struct Submission: Sendable {
        /// The run of the step with the student's code.
        public let outcome: StepOutcome
        /// Each check statement and how it went (empty when the code itself failed).
        public let checks: [CheckResult]
        /// Whether the code ran and every check passed.
        public var passed: Bool { outcome.succeeded && !checks.isEmpty && checks.allSatisfy(\.passed) }
    }

    /// Runs the student's code for the step (earlier steps replayed as needed), then the answer
    /// key's `check` blocks in the same namespace; records the submission.
    /// - Throws: `SubmissionError` when the student has no file yet or the key has no checks.
    public func submit(models: ModelProvider = ModelProvider(), output: @escaping (String) -> Void = { _ in }) async throws -> Submission {
        let lab = exercise.lab
        let number = exercise.step.number
        guard try workspace.code(lab: lab.id, step: number) != nil else {
            throw SubmissionError.noStudentFile(lab: lab.id, step: number)
        }
        guard let key = exercise.key, !key.checks.isEmpty else {
            throw SubmissionError.noChecks(lab: lab.id, step: number, keyFile: exercise.keyFile)
        }
        let session = StepSession(lab: lab, models: models, workspace: workspace)
        let outcome = try session.run(step: number, output: output)
        var checks: [CheckResult] = []
        if outcome.succeeded {
            for block in key.checks {
                checks += session.check(source: block.source, file: exercise.keyFile ?? "Solutions", firstLine: block.firstLine)
            }
        }
        let submission = Submission(outcome: outcome, checks: checks)
        await recorder.record { student in
            ExerciseSubmission(
                student: student, lab: lab.id, step: number, exercise: "step-\(number)", code: outcome.code,
                checks: checks.map { .init(name: $0.source, passed: $0.passed, message: $0.error?.summary) },
                submittedAt: Date())
        }
        return submission
    }

    /// The next hint of the step, its number and the total, or nil when every hint is already
    /// shown (`revealedHints()` lists them). Records the reveal; the count comes from the reveals
    /// the store holds, so `labrun reset` starts it again (an unreachable store counts 0).
    public func nextHint() async -> (hint: Hint, number: Int, total: Int)? {
        let hints = exercise.hints
        let lab = exercise.lab.id
        let step = exercise.step.number
        let shown = await recorder.hintsRevealed(lab: lab, step: step)
        guard shown < hints.count else { return nil }
        await recorder.record { student in
            Reveal(student: student, lab: lab, step: step, kind: .hint, item: "hint \(shown + 1)", revealedAt: Date())
        }
        return (hints[shown], shown + 1, hints.count)
    }

    /// The hints already revealed, in order.
    public func revealedHints() async -> [Hint] {
        Array(exercise.hints.prefix(await recorder.hintsRevealed(lab: exercise.lab.id, step: exercise.step.number)))
    }

    /// The reference solution's code blocks; records that the solution was revealed.
    /// - Throws: `SubmissionError.noSolution` when the key has none.
    public func revealSolution() async throws -> [CodeBlock] {
        guard let key = exercise.key, !key.referenceCode.isEmpty else {
            throw SubmissionError.noSolution(lab: exercise.lab.id, step: exercise.step.number, keyFile: exercise.keyFile)
        }
        let lab = exercise.lab.id
        let step = exercise.step.number
        await recorder.record { student in
            Reveal(student: student, lab: lab, step: step, kind: .solution, item: "step \(step)", revealedAt: Date())
        }
        return key.referenceCode
    }

    /// Where submissions and reveals are recorded, best effort.
    private var recorder: BestEffortRecorder { BestEffortRecorder(student: student, database: database, state: state) }
}

/// Why an exercise action cannot go ahead, with what to do.
public enum SubmissionError: Error, CustomStringConvertible, Equatable {
    case noStudentFile(lab: String, step: Int)
    case noChecks(lab: String, step: Int, keyFile: String?)
    case noSolution(lab: String, step: Int, keyFile: String?)

    public var description: String {
        switch self {
        case let .noStudentFile(lab, step):
            return "you have no code for step \(step) of \(lab) yet; run `labrun edit \(step)` to start from the starter code"
        case let .noChecks(lab, step, keyFile):
            return "step \(step) of \(lab) has no ```python check blocks in \(keyFile ?? "Solutions/\(lab).md"), so there is nothing to submit against"
        case let .noSolution(lab, step, keyFile):
            return "step \(step) of \(lab) has no reference solution in \(keyFile ?? "Solutions/\(lab).md")"
        }
    }
}
