import Foundation

/// Where one student stands in one lab: each step's state, quiz scores, time spent.
/// Built from the records by ``LabProgress/summarize(_:stepCount:)``.
public struct LabProgress: Codable, Sendable, Hashable {
    /// The state of one step for one student.
    public enum StepState: String, Codable, Sendable, Hashable {
        /// The latest run of the step ended well.
        case done
        /// The latest run of the step ended with an error.
        case failed
        /// The step was never run.
        case notRun = "not-run"

        /// `✓`, `✗` or `·`.
        public var symbol: String {
            switch self {
            case .done: return "✓"
            case .failed: return "✗"
            case .notRun: return "·"
            }
        }
    }

    /// One step's state with its run counts.
    public struct StepSummary: Codable, Sendable, Hashable {
        /// The step number (from 1).
        public var step: Int
        /// Its state.
        public var state: StepState
        /// How many times it ran.
        public var runs: Int
        /// How many of those runs failed since the last good one (0 when the latest was good).
        public var failuresInARow: Int
        /// When it last ran.
        public var lastRun: Date?
    }

    /// The best attempt at one quiz.
    public struct QuizScore: Codable, Sendable, Hashable {
        /// The quiz's id.
        public var quiz: String
        /// The best score.
        public var score: Double
        /// The points possible in that attempt.
        public var maximum: Double
        /// Whether any attempt passed.
        public var passed: Bool
        /// How many attempts there were.
        public var attempts: Int
    }

    /// The student's id.
    public var student: String
    /// The lab's id.
    public var lab: String
    /// The lab's title, when known.
    public var title: String?
    /// Every step from 1 to the lab's step count.
    public var steps: [StepSummary]
    /// The best attempt at each quiz of the lab, by quiz id.
    public var quizzes: [QuizScore]
    /// The seconds spent running steps (sum of run durations).
    public var timeSpent: Double
    /// The latest activity in the lab.
    public var lastActivity: Date?

    /// The number of steps whose latest run ended well.
    public var stepsDone: Int { steps.filter { $0.state == .done }.count }

    /// `stepsDone / steps.count` (0 for a lab without steps).
    public var fractionDone: Double { steps.isEmpty ? 0 : Double(stepsDone) / Double(steps.count) }

    /// The first step whose latest run failed: where the student is stuck, if anywhere.
    public var stuckAt: StepSummary? { steps.first { $0.state == .failed } }

    /// One summary per (student, lab) pair found in `records` (plus the labs `records.labs` lists
    /// for the students it lists, when `includeUnstarted`), sorted by student then lab.
    ///
    /// - Parameter stepCount: the lab's step count from its file, when the caller has it; else the
    ///   stored count (schema v2), else the highest step recorded.
    public static func summarize(
        _ records: ProgressRecords, stepCount: (String) -> Int? = { _ in nil }
    ) -> [LabProgress] {
        var pairs = Set<Pair>()
        for run in records.stepRuns { pairs.insert(Pair(student: run.record.student, lab: run.record.lab)) }
        for attempt in records.quizAttempts { pairs.insert(Pair(student: attempt.record.student, lab: attempt.record.lab)) }
        for answer in records.answers { pairs.insert(Pair(student: answer.record.student, lab: answer.record.lab)) }
        for submission in records.submissions {
            pairs.insert(Pair(student: submission.record.student, lab: submission.record.lab))
        }
        let labs = Dictionary(records.labs.map { ($0.id, $0) }, uniquingKeysWith: { _, new in new })
        let highest = Dictionary(records.stepRuns.map { ($0.record.lab, $0.record.step) }, uniquingKeysWith: max)
        return pairs.sorted { ($0.student, $0.lab) < ($1.student, $1.lab) }.map { pair in
            let count = stepCount(pair.lab) ?? labs[pair.lab]?.stepCount ?? highest[pair.lab] ?? 0
            return summary(of: pair, in: records, stepCount: count, title: labs[pair.lab]?.title)
        }
    }

    private struct Pair: Hashable {
        let student: String
        let lab: String
    }

    private static func summary(of pair: Pair, in records: ProgressRecords, stepCount: Int, title: String?) -> LabProgress {
        let runs = records.stepRuns.map(\.record).filter { $0.student == pair.student && $0.lab == pair.lab }
            .sorted { $0.startedAt < $1.startedAt }
        let byStep = Dictionary(grouping: runs, by: \.step)
        let lastStep = max(stepCount, byStep.keys.max() ?? 0)
        let steps = (lastStep > 0 ? Array(1...lastStep) : []).map { step -> StepSummary in
            let stepRuns = byStep[step] ?? []
            guard let latest = stepRuns.last else {
                return StepSummary(step: step, state: .notRun, runs: 0, failuresInARow: 0, lastRun: nil)
            }
            let failures = stepRuns.reversed().prefix { $0.status == .error }.count
            return StepSummary(step: step, state: latest.status == .ok ? .done : .failed, runs: stepRuns.count,
                               failuresInARow: failures, lastRun: latest.startedAt)
        }
        let attempts = records.quizAttempts.map(\.record).filter { $0.student == pair.student && $0.lab == pair.lab }
        let quizzes = Dictionary(grouping: attempts, by: \.quiz).map { quiz, attempts -> QuizScore in
            let best = attempts.max { fraction($0) < fraction($1) } ?? attempts[0]
            return QuizScore(quiz: quiz, score: best.score, maximum: best.maximum,
                             passed: attempts.contains { $0.passed }, attempts: attempts.count)
        }.sorted { $0.quiz < $1.quiz }
        var times = runs.map(\.startedAt) + attempts.map(\.attemptedAt)
        times += records.answers.map(\.record).filter { $0.student == pair.student && $0.lab == pair.lab }.map(\.answeredAt)
        times += records.submissions.map(\.record).filter { $0.student == pair.student && $0.lab == pair.lab }
            .map(\.submittedAt)
        return LabProgress(student: pair.student, lab: pair.lab, title: title, steps: steps, quizzes: quizzes,
                           timeSpent: runs.reduce(0) { $0 + max(0, $1.duration) }, lastActivity: times.max())
    }

    private static func fraction(_ attempt: QuizAttempt) -> Double {
        attempt.maximum > 0 ? attempt.score / attempt.maximum : 0
    }
}
