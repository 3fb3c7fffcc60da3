/// When a student may see the correct answers (and the explanations that give them away).
///
/// Hints and the feedback for the wrong option a student chose never reveal the key and are
/// always allowed; the correct letters and the explanation follow this policy.
public enum RevealPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Once the student has answered (the question in practice mode, the quiz in exam mode).
    case afterAttempt = "after-attempt"
    /// Only at the end of an attempt that passed the quiz's threshold.
    case afterPass = "after-pass"
    /// Never shown to students; only instructors reading `Solutions/` see the key.
    case never

    /// Whether the key may be shown now.
    /// - Parameters:
    ///   - attempted: the student has committed an answer to the question (or finished the quiz).
    ///   - passedQuiz: the finished attempt passed; `nil` while the attempt is still running.
    public func allowsReveal(attempted: Bool, passedQuiz: Bool?) -> Bool {
        switch self {
        case .afterAttempt: return attempted
        case .afterPass: return attempted && passedQuiz == true
        case .never: return false
        }
    }
}
