/// A recorded attempt whose score differs when graded with today's key: what a re-grade after a
/// key correction changes, so that an instructor can tell the students concerned.
public struct ScoreChange: Sendable, Hashable, Codable {
    /// The student.
    public let student: String
    /// The attempt's number among the student's attempts, from 1, in commit order.
    public let attempt: Int
    /// The points recorded when the attempt was graded.
    public let recordedPoints: Double
    /// The points today's key gives the same answers.
    public let regradedPoints: Double
    /// The best possible score today.
    public let maximumPoints: Double

    /// Every attempt of `attempts` (all of a quiz's attempts, in commit order) that today's `quiz`
    /// scores differently from its recorded score. Attempts recorded without a score, or whose
    /// answers no longer fit the quiz (a question removed), are left out: the latter are reported
    /// as problems when the latest attempts are graded.
    public static func changes(quiz: GradableQuiz, attempts: [RecordedAnswers]) -> [ScoreChange] {
        var numbers: [String: Int] = [:]
        var changes: [ScoreChange] = []
        for attempt in attempts {
            let number = (numbers[attempt.student] ?? 0) + 1
            numbers[attempt.student] = number
            guard let recorded = attempt.recordedPoints else { continue }
            let submission = Submission(student: attempt.student, answers: attempt.answers.mapValues(Set.init),
                                        source: SubmissionSource(file: "store"), quizID: quiz.id)
            guard let sheet = try? submission.answerSheet(for: quiz) else { continue }
            let score = quiz.grade(sheet)
            // Scores are sums of shares of weights; a change smaller than this is rounding, not a new key.
            if abs(score.points - recorded) > 1e-9 {
                changes.append(ScoreChange(student: attempt.student, attempt: number, recordedPoints: recorded,
                                           regradedPoints: score.points, maximumPoints: score.maximumPoints))
            }
        }
        return changes
    }
}
