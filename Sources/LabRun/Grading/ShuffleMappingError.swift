/// An answer given in shown terms that does not fit the student's view of the quiz.
public struct ShuffleMappingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What does not fit, naming the question and option.
    public let problem: String

    public var description: String { problem }
}
