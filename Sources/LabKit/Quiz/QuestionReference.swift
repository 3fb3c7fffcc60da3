/// Names a question: `Q3` in a quiz, or `Step 2 Q1` for the first question under a lab's
/// `Quiz for Step 2` heading. Answer keys use the same names.
public struct QuestionReference: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The lab step whose quiz section holds the question; nil for a question of a quiz file.
    public let step: Int?
    /// The question's number (1-based).
    public let number: Int

    /// A reference to question `number`, in a quiz file (`step == nil`) or a lab step's quiz section.
    public init(step: Int? = nil, number: Int) {
        self.step = step
        self.number = number
    }

    /// Quiz questions first, then by step, then by number.
    public static func < (lhs: QuestionReference, rhs: QuestionReference) -> Bool {
        ((lhs.step ?? 0), lhs.number) < ((rhs.step ?? 0), rhs.number)
    }

    /// `Q3` or `Step 2 Q1`.
    public var description: String {
        if let step { return "Step \(step) Q\(number)" }
        return "Q\(number)"
    }
}
