import LabKit

extension RevealPolicy {
    /// Whether a student may see a question's correct letters and explanation now.
    ///
    /// Hints and the feedback for a wrong option the student chose never give the key away and
    /// are always allowed; the key and the explanation follow this policy.
    /// - Parameters:
    ///   - attempted: the student has committed an answer to the question (or finished the quiz).
    ///   - passedQuiz: whether the finished attempt passed; `nil` while the attempt is still running.
    public func allowsReveal(attempted: Bool, passedQuiz: Bool?) -> Bool {
        switch self {
        case .afterAttempt: return attempted
        case .afterPass: return attempted && passedQuiz == true
        case .never: return false
        }
    }
}
