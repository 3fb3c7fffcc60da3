import Foundation

/// A recorded attempt read back for re-grading: whose, when, and the canonical letters chosen.
public struct RecordedAnswers: Sendable, Hashable {
    /// The student's id.
    public let student: String
    /// Question id → canonical letters.
    public let answers: [String: [String]]
    /// When the attempt was graded.
    public let attemptedAt: Date
    /// The points it was given then (with the key of that day); nil when unknown.
    public let recordedPoints: Double?

    /// A recorded attempt.
    public init(student: String, answers: [String: [String]], attemptedAt: Date, recordedPoints: Double? = nil) {
        self.student = student
        self.answers = answers
        self.attemptedAt = attemptedAt
        self.recordedPoints = recordedPoints
    }
}
