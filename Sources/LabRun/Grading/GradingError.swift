/// A quiz definition the grader cannot use, or an attempt it must refuse.
public struct GradingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, as a sentence that names the quiz or question and the fix.
    public let description: String

    /// An error with a ready sentence.
    public init(_ description: String) {
        self.description = description
    }

    static func invalidQuestion(_ id: String, _ problem: String, fix: String) -> GradingError {
        GradingError("question \(id): \(problem); \(fix)")
    }

    /// The student has used every attempt the quiz allows.
    public static func attemptsExhausted(quiz: String, limit: Int) -> GradingError {
        GradingError("quiz '\(quiz)' allows \(limit) attempt\(limit == 1 ? "" : "s") and all have been used; "
            + "ask your instructor to reset your attempts")
    }
}
