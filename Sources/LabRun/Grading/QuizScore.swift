/// The result of grading one attempt of a quiz.
public struct QuizScore: Sendable, Hashable, Codable {
    /// The quiz graded.
    public let quizID: String
    /// Per-question results in canonical order.
    public let questions: [QuestionScore]
    /// Points earned, in [0, maximumPoints].
    public let points: Double
    /// The sum of the weights.
    public let maximumPoints: Double
    /// Whether the share earned reached the quiz's pass threshold.
    public let passed: Bool

    /// Points earned over the maximum, in [0, 1].
    public var fraction: Double { maximumPoints > 0 ? points / maximumPoints : 0 }

    /// How many questions were answered exactly right.
    public var correctCount: Int { questions.reduce(0) { $0 + ($1.isCorrect ? 1 : 0) } }
}
