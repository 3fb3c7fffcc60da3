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

extension QuizAttempt: ProgressRecord {
    public static let table = "quiz_attempts"
    public static let recordKind = "quiz-attempt"
    public static let columns: [RecordColumn<QuizAttempt>] = [
        RecordColumn("quiz_id", .text) { .text($0.quiz) },
        RecordColumn("answers", .text) { .json($0.answers) },
        RecordColumn("score", .real) { .real($0.score) },
        RecordColumn("maximum", .real) { .real($0.maximum) },
        RecordColumn("policy", .text) { .text($0.policy) },
        RecordColumn("passed", .boolean) { .boolean($0.passed) },
        RecordColumn("attempted_at", .real) { .time($0.attemptedAt) },
    ]

    /// A quiz attempt's event has no step.
    public var event: NewEvent {
        NewEvent(student: student, lab: lab, kind: .quizAttempt,
                 detail: ["quiz": quiz, "score": "\(score)/\(maximum)"], at: attemptedAt)
    }
}
