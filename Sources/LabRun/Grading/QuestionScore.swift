/// How one question of one attempt was scored.
public struct QuestionScore: Sendable, Hashable, Codable {
    /// The canonical question id (`Q3`).
    public let questionID: String
    /// The canonical letters the student chose (empty when blank).
    public let chosen: Set<String>
    /// Points earned, in [0, weight].
    public let points: Double
    /// The question's weight: the most it can earn.
    public let weight: Double
    /// Whether the chosen set is exactly the key.
    public let isCorrect: Bool

    /// Whether the student chose anything.
    public var isAnswered: Bool { !chosen.isEmpty }

    /// A score as the grader computes it.
    public init(questionID: String, chosen: Set<String>, points: Double, weight: Double, isCorrect: Bool) {
        self.questionID = questionID
        self.chosen = chosen
        self.points = points
        self.weight = weight
        self.isCorrect = isCorrect
    }

    private enum CodingKeys: String, CodingKey {
        case questionID = "question", chosen, points, weight, isCorrect = "correct"
    }

    /// Encodes `chosen` as a sorted array so that JSON output is the same on every run.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(questionID, forKey: .questionID)
        try container.encode(chosen.sorted(), forKey: .chosen)
        try container.encode(points, forKey: .points)
        try container.encode(weight, forKey: .weight)
        try container.encode(isCorrect, forKey: .isCorrect)
    }

    /// Decodes what `encode(to:)` wrote.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        questionID = try container.decode(String.self, forKey: .questionID)
        chosen = Set(try container.decode([String].self, forKey: .chosen))
        points = try container.decode(Double.self, forKey: .points)
        weight = try container.decode(Double.self, forKey: .weight)
        isCorrect = try container.decode(Bool.self, forKey: .isCorrect)
    }
}
