/// Where finished quiz attempts are counted (for the attempts limit), recorded, and read back
/// (for `labrun grade --from-store`).
///
/// The seam between the quiz engine and the progress store: `ProgressQuizAttempts` implements
/// it over any `ProgressStore` (SQLite, PostgreSQL, memory). `record` is atomic: afterwards the
/// attempt is either committed or absent.
public protocol QuizAttemptStore: Sendable {
    /// How many attempts `student` has recorded for `quizID` (attempts an instructor reset do not count).
    func attemptCount(student: String, quizID: String) async throws -> Int
    /// Records a finished attempt.
    func record(_ attempt: GradedAttempt) async throws
    /// Every recorded attempt at `quizID`, oldest first.
    func attempts(quizID: String) async throws -> [RecordedAnswers]
}
