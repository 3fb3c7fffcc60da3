/// A whole class graded: every student's score, the item analysis, and what had to be skipped.
public struct ClassReport: Sendable {
    /// One student's graded submission.
    public struct StudentResult: Sendable, Hashable {
        /// The student's id.
        public let student: String
        /// Where the submission was read from.
        public let source: SubmissionSource
        /// The graded attempt.
        public let score: QuizScore
    }

    /// The quiz graded.
    public let quiz: GradableQuiz
    /// Students in the order their submissions were read.
    public let results: [StudentResult]
    /// One entry per question, canonical order (the same as `statistics.items`).
    public let items: [ItemStatistics]
    /// The test statistics and item statistics of the graded attempts.
    public let statistics: ClassStatistics
    /// The same statistics over each student's first attempt, when the submissions hold attempt
    /// history (the progress store does): how the quiz worked before students had seen it.
    public let firstAttempts: ClassStatistics?
    /// Recorded attempts that today's key scores differently (`nil` when no recorded attempts were
    /// re-graded, empty when none changed).
    public let scoreChanges: [ScoreChange]?
    /// Records and files skipped, reading problems first, then grading problems.
    public let problems: [SubmissionProblem]

    /// Grades every submission of `batch` against `quiz`. A submission that names an unknown
    /// question or option, answers another quiz, or repeats a student already graded is added
    /// to `problems` and skipped; the others are graded and analysed. `firstAttempts`, when given,
    /// holds each student's first attempt (graded the same way, its problems not reported twice);
    /// correlations and reliability need `minimumResponses` students.
    public init(quiz: GradableQuiz, batch: SubmissionBatch, firstAttempts: SubmissionBatch? = nil,
                minimumResponses: Int = TestStatistics.defaultMinimumResponses, scoreChanges: [ScoreChange]? = nil) {
        var results: [StudentResult] = []
        results.reserveCapacity(batch.submissions.count)
        var problems = batch.problems
        var seen: [String: SubmissionSource] = [:]
        for submission in batch.submissions {
            if let first = seen[submission.student] {
                problems.append(SubmissionProblem(
                    source: submission.source, student: submission.student,
                    message: "repeats student '\(submission.student)' (first at \(first)); keep one submission a student"))
                continue
            }
            do {
                let sheet = try submission.answerSheet(for: quiz)
                seen[submission.student] = submission.source
                results.append(StudentResult(student: submission.student, source: submission.source, score: quiz.grade(sheet)))
            } catch {
                problems.append(error)
            }
        }
        self.quiz = quiz
        self.results = results
        self.problems = problems
        statistics = ItemAnalysis.statistics(quiz: quiz, attempts: results.map { ($0.student, $0.score) },
                                             minimumResponses: minimumResponses)
        items = statistics.items
        self.scoreChanges = scoreChanges
        self.firstAttempts = firstAttempts.map { batch in
            let graded = batch.submissions.compactMap { submission in
                (try? submission.answerSheet(for: quiz)).map { (submission.student, quiz.grade($0)) }
            }
            return ItemAnalysis.statistics(quiz: quiz, attempts: graded, minimumResponses: minimumResponses)
        }
    }

    /// The mean share of the maximum score, in [0, 1]; 0 for an empty class.
    public var meanFraction: Double {
        results.isEmpty ? 0 : results.reduce(0) { $0 + $1.score.fraction } / Double(results.count)
    }

    /// How many students passed.
    public var passedCount: Int { results.reduce(0) { $0 + ($1.score.passed ? 1 : 0) } }
}
