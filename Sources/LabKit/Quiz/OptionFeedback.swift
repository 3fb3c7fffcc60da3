/// What a student who chose a wrong option reads: `- C: Close, but …` in an answer key.
public struct OptionFeedback: Sendable, Hashable {
    /// The option's letter (upper-case).
    public let letter: String
    /// The feedback text.
    public let text: String
    /// Where the list item is.
    public let position: SourcePosition

    /// Feedback for option `letter`.
    public init(letter: String, text: String, position: SourcePosition) {
        self.letter = letter
        self.text = text
        self.position = position
    }
}
