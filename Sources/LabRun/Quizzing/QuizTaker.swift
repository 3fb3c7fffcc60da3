import Foundation
import LabKit

/// One student taking one quiz: checks the attempts limit, turns answers into a canonical sheet,
/// grades and records the finished attempt, and builds what the student may read about it.
public struct QuizTaker: Sendable {
    /// The quiz with its key.
    public let keyed: KeyedQuiz
    /// The student.
    public let student: String
    /// Where attempts are counted and recorded.
    public let store: any QuizAttemptStore

    /// A taker for `student` of `keyed`, recording into `store`.
    public init(keyed: KeyedQuiz, student: String, store: any QuizAttemptStore) {
        self.keyed = keyed
        self.student = student
        self.store = store
    }

    /// The number the next attempt will have.
    /// - Throws: `GradingError.attemptsExhausted` when the limit is used up; the store's errors.
    public func nextAttemptNumber() async throws -> Int {
        let previous = try await store.attemptCount(student: student, quizID: keyed.gradable.id)
        try keyed.gradable.checkAttemptAllowed(previousAttempts: previous)
        return previous + 1
    }

    /// The canonical sheet of `submission` (canonical or shown letters).
    /// - Throws: `QuizAnswerError` for an unknown question or option, or several letters for a
    ///   single-answer question.
    public func sheet(for submission: Submission) throws(QuizAnswerError) -> AnswerSheet {
        let sheet: AnswerSheet
        do {
            sheet = try submission.answerSheet(for: keyed.gradable)
        } catch {
            throw QuizAnswerError(error.message)
        }
        for question in keyed.gradable.questions where question.kind == .single && sheet[question.id].count > 1 {
            throw QuizAnswerError("\(question.id) takes one letter, not \(sheet[question.id].count); pick one option")
        }
        return sheet
    }

    /// The graded attempt numbered `number` for `sheet`, not yet recorded.
    public func grade(sheet: AnswerSheet, number: Int, now: Date = Date()) -> GradedAttempt {
        GradedAttempt(
            student: student, quizID: keyed.gradable.id, lab: keyed.quiz.lab ?? keyed.gradable.id, number: number,
            finishedAt: now, sheet: sheet, score: keyed.gradable.grade(sheet), policy: keyed.gradable.policy)
    }

    /// Records `attempt`.
    /// - Throws: `QuizRecordingError` (or the store's error) when it was not committed.
    public func record(_ attempt: GradedAttempt) async throws {
        try await store.record(attempt)
    }

    /// What the student may read about `attempt`, numbered and lettered canonically, or as the
    /// student saw the quiz when `letters` is `.shown`.
    public func report(for attempt: GradedAttempt, letters: Submission.Letters, recorded: Bool) -> AttemptReport {
        let shuffle = letters == .shown ? QuizShuffle(quiz: keyed.gradable, student: student) : nil
        let review = AttemptReview(keyed: keyed, score: attempt.score, shuffle: shuffle, passed: attempt.score.passed)
        return AttemptReport(
            quiz: keyed.gradable.id, student: student, attempt: attempt.number,
            attemptsAllowed: keyed.gradable.attemptsLimit, recorded: recorded, points: attempt.score.points,
            maximumPoints: attempt.score.maximumPoints, fraction: attempt.score.fraction,
            passed: attempt.score.passed, passThreshold: keyed.gradable.passThreshold, questions: review.items)
    }
}
