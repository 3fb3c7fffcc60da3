/// `--answers` text that is not a list of `number=letters` pairs.
public struct AnswerListError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message with the fix.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
