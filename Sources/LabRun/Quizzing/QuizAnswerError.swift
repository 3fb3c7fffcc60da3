/// Answers given to `labrun quiz --answers/--answers-file` that do not fit the quiz: a usage
/// error (exit status 2).
public struct QuizAnswerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong and how to write it instead.
    public let description: String

    /// An error with a ready sentence.
    public init(_ description: String) {
        self.description = description
    }
}
