/// The answer key of one question, from a `## Q<n>` section of `Solutions/<quiz>.md` (or a
/// `### Q<n>` under `## Step N` for a lab's step questions).
public struct QuestionKey: Sendable, Hashable {
    /// Which question this key answers.
    public let reference: QuestionReference
    /// The correct option letters (upper-case, as written); empty for an open question's key,
    /// whose explanation is then a model answer.
    public let answers: [String]
    /// Why the answer is right (plain text, paragraphs separated by blank lines).
    public let explanation: String
    /// Hints in the order they are revealed (`> Hint: …`).
    public let hints: [Hint]
    /// Feedback for wrong options (`- C: …`).
    public let feedback: [OptionFeedback]
    /// When the answer may be shown.
    public let reveal: RevealPolicy
    /// Where the section's heading is.
    public let position: SourcePosition
    /// Where the `Answer:` line is (the heading when there is none).
    public let answerPosition: SourcePosition
    /// A numeric question's answer, `Answer: = 0.35 ± 0.02`.
    public let numeric: NumericAnswer?
    /// A short-answer question's accepted forms (`Accept: …` lines), as written.
    public let acceptedForms: [String]
    /// A short-answer question's accepted regular expressions (`Accept regex: …`), as written.
    public let acceptedPatterns: [String]
    /// An ordering question's correct order of option letters (`Order: C, A, B`).
    public let order: [String]

    /// A key.
    public init(reference: QuestionReference, answers: [String], explanation: String, hints: [Hint],
                feedback: [OptionFeedback], reveal: RevealPolicy, position: SourcePosition,
                answerPosition: SourcePosition, numeric: NumericAnswer? = nil, acceptedForms: [String] = [],
                acceptedPatterns: [String] = [], order: [String] = []) {
        self.reference = reference
        self.answers = answers
        self.explanation = explanation
        self.hints = hints
        self.feedback = feedback
        self.reveal = reveal
        self.position = position
        self.answerPosition = answerPosition
        self.numeric = numeric
        self.acceptedForms = acceptedForms
        self.acceptedPatterns = acceptedPatterns
        self.order = order
    }

    /// The feedback for option `letter`, if the author wrote one.
    public func feedback(for letter: String) -> String? {
        feedback.first { $0.letter == letter.uppercased() }?.text
    }

    /// Whether `letter` is a correct option.
    public func isCorrect(_ letter: String) -> Bool {
        answers.contains(letter.uppercased())
    }
}
