/// What `labrun quiz … --answers … --json` prints: the graded attempt and the review a student
/// may see. Never holds a key the reveal policy withholds.
public struct AttemptReport: Sendable, Codable {
    /// The quiz id.
    public let quiz: String
    /// The student.
    public let student: String
    /// The attempt's number (1 for the first).
    public let attempt: Int
    /// The most attempts allowed; absent when unlimited.
    public let attemptsAllowed: Int?
    /// Whether the attempt was saved.
    public let recorded: Bool
    /// Points earned.
    public let points: Double
    /// Points possible.
    public let maximumPoints: Double
    /// points / maximumPoints.
    public let fraction: Double
    /// Whether the pass mark was reached.
    public let passed: Bool
    /// The pass mark as a share.
    public let passThreshold: Double
    /// Per question, in the order the answers were numbered.
    public let questions: [AttemptReview.Item]
}
