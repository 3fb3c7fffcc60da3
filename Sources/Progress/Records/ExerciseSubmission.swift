import Foundation

/// A student's code for an open exercise, with the result of each of the exercise's checks.
public struct ExerciseSubmission: Codable, Sendable, Hashable {
    /// The result of one `check` block run against the student's code.
    public struct CheckResult: Codable, Sendable, Hashable {
        /// The check's name (or its assertion's source).
        public var name: String
        /// Whether it held.
        public var passed: Bool
        /// Why it failed (the assertion message), when it did.
        public var message: String?

        /// One check's result.
        public init(name: String, passed: Bool, message: String? = nil) {
            self.name = name
            self.passed = passed
            self.message = message
        }
    }

    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The step the exercise belongs to.
    public var step: Int
    /// The exercise's id within the lab.
    public var exercise: String
    /// The student's code.
    public var code: String
    /// Each check's result, in order.
    public var checks: [CheckResult]
    /// When it was submitted.
    public var submittedAt: Date

    /// True when every check passed (and there was at least one).
    public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }

    /// A submission with its check results.
    public init(
        student: String, lab: String, step: Int, exercise: String, code: String,
        checks: [CheckResult], submittedAt: Date
    ) {
        self.student = student
        self.lab = lab
        self.step = step
        self.exercise = exercise
        self.code = code
        self.checks = checks
        self.submittedAt = submittedAt
    }
}

extension ExerciseSubmission: ProgressRecord {
    public static let table = "submissions"
    public static let recordKind = "submission"
    public static let columns: [RecordColumn<ExerciseSubmission>] = [
        RecordColumn("step", .integer) { .integer($0.step) },
        RecordColumn("exercise_id", .text) { .text($0.exercise) },
        RecordColumn("code", .text) { .text($0.code) },
        RecordColumn("passed", .boolean) { .boolean($0.passed) },
        RecordColumn("submitted_at", .real) { .time($0.submittedAt) },
    ]

    public var event: NewEvent {
        NewEvent(student: student, lab: lab, step: step, kind: .submission,
                 detail: ["exercise": exercise, "passed": String(passed)], at: submittedAt)
    }

    /// The check results, one row each with its position.
    public var children: [ChildRows] {
        [ChildRows(table: "check_results", parentColumn: "submission_id",
                   columns: ["position", "name", "passed", "message"],
                   rows: checks.enumerated().map { position, check in
                       [.integer(position), .text(check.name), .boolean(check.passed), .text(orNull: check.message)]
                   })]
    }
}
