/// A finished attempt that the progress store did not commit.
public struct QuizRecordingError: Error, CustomStringConvertible, Sendable {
    /// The store's reason, and where a copy of the attempt was saved.
    public let description: String
}
