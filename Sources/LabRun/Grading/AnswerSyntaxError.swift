/// An answer that is not a list of option letters.
public struct AnswerSyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The answer as written.
    public let text: String
    /// What is wrong with it.
    public let problem: String

    public var description: String {
        "answer '\(text)': \(problem); write option letters such as C or BD"
    }
}
