/// When a student may see a question's correct answer and explanation.
public enum RevealPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// After any submitted attempt (the default).
    case afterAttempt = "after-attempt"
    /// Only once the student has passed the quiz.
    case afterPass = "after-pass"
    /// Never (exams reused across classes).
    case never
}
