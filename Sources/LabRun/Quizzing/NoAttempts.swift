/// A store with no attempts that records nothing: for checking answers before a real store is
/// opened.
public struct NoAttempts: QuizAttemptStore {
    /// A store that is always empty.
    public init() {}
    /// Always 0.
    public func attemptCount(student: String, quizID: String) -> Int { 0 }
    /// Does nothing.
    public func record(_ attempt: GradedAttempt) {}
    /// Always empty.
    public func attempts(quizID: String) -> [RecordedAnswers] { [] }
}
