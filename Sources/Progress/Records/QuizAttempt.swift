import Foundation

/// One graded attempt at a quiz: the options the student chose for each question and the score.
public struct QuizAttempt: Codable, Sendable, Hashable {
    /// The student's id.
    public var student: String
    /// The lab the quiz belongs to (the quiz's `lab` front matter).
    public var lab: String
    /// The quiz's id.
    public var quiz: String
    /// The chosen options per question id (`["Q1": ["B"], "Q2": ["A", "C"]]`).
    public var answers: [String: [String]]
    /// Points scored.
    public var score: Double
    /// Points possible.
    public var maximum: Double
    /// The grading policy that produced the score (for example `all-or-nothing` or `partial`).
    public var policy: String
    /// Whether the score reached the quiz's pass threshold.
    public var passed: Bool
    /// When the attempt was graded.
    public var attemptedAt: Date

    /// A graded quiz attempt.
    public init(
        student: String, lab: String, quiz: String, answers: [String: [String]], score: Double,
        maximum: Double, policy: String, passed: Bool, attemptedAt: Date
    ) {
        self.student = student
        self.lab = lab
        self.quiz = quiz
        self.answers = answers
        self.score = score
        self.maximum = maximum
        self.policy = policy
        self.passed = passed
        self.attemptedAt = attemptedAt
    }
}
