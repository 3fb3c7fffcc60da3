import Foundation

/// A recorded attempt read back for re-grading: whose, when, and the canonical letters chosen.
public struct RecordedAnswers: Sendable, Hashable {
    /// The student's id.
    public let student: String
    /// Question id → canonical letters.
    public let answers: [String: [String]]
    /// When the attempt was graded.
    public let attemptedAt: Date

    /// A recorded attempt.
    public init(student: String, answers: [String: [String]], attemptedAt: Date) {
        self.student = student
        self.answers = answers
        self.attemptedAt = attemptedAt
    }
}
