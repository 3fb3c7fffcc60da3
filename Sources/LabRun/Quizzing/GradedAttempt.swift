import Foundation

/// One finished attempt at a quiz, graded: who, when, the canonical answers and the score.
///
/// Only finished attempts are ever recorded; an attempt abandoned with Ctrl-C or end of input
/// leaves no trace.
public struct GradedAttempt: Sendable, Hashable {
    /// The student's id.
    public let student: String
    /// The quiz's id.
    public let quizID: String
    /// The lab the quiz belongs to (its `lab:`), else the quiz id: the progress store files every
    /// record under a lab.
    public let lab: String
    /// 1 for the student's first attempt at this quiz, then 2, 3, …
    public let number: Int
    /// When it was submitted.
    public let finishedAt: Date
    /// Canonical question id → canonical letters chosen (blank questions are absent).
    public let sheet: AnswerSheet
    /// The score as graded when submitted.
    public let score: QuizScore
    /// The scoring policy of the quiz (`all-or-nothing` or `partial`), kept with the record.
    public let policy: ScoringPolicy

    /// An attempt record.
    public init(
        student: String, quizID: String, lab: String, number: Int, finishedAt: Date, sheet: AnswerSheet,
        score: QuizScore, policy: ScoringPolicy
    ) {
        self.student = student
        self.quizID = quizID
        self.lab = lab
        self.number = number
        self.finishedAt = finishedAt
        self.sheet = AnswerSheet(sheet.choices.filter { !$0.value.isEmpty })
        self.score = score
        self.policy = policy
    }

    /// The answers as the progress store keeps them: question id → sorted letters.
    public var sortedAnswers: [String: [String]] { sheet.choices.mapValues { $0.sorted() } }
}
