/// One piece of personal data found in a text: its kind, the text and where it is.
public struct PersonalDataFinding: Sendable, Equatable, Codable {
    /// `email` or `phone`.
    public let kind: String
    /// The matched text.
    public let text: String
    /// Where it starts, in Unicode code points from the start of the text (Python's `str` index).
    public let start: Int
    /// Where it ends (exclusive), in code points: `text == original[start:end]` in Python.
    public let end: Int

    /// A finding.
    public init(kind: String, text: String, start: Int, end: Int) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
    }
}
