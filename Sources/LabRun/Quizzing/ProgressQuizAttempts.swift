import Foundation
import Progress

/// Quiz attempts kept in the progress store (`Progress.QuizAttempt` records).
///
/// Writes go through a `ProgressRecorder`, so an attempt that cannot be committed is copied as
/// JSON to the recorder's spool folder and reported, never silently lost.
public struct ProgressQuizAttempts: QuizAttemptStore {
    /// The open store.
    public let store: any ProgressStore
    private let recorder: ProgressRecorder

    /// Attempts in `store`; unrecordable ones are spooled to `spoolFolder` when given.
    public init(store: any ProgressStore, spoolFolder: URL? = nil) {
        self.store = store
        recorder = ProgressRecorder(store: store, spoolFolder: spoolFolder)
    }

    /// How many attempts `student` has recorded for `quizID`, not counting reset ones.
    public func attemptCount(student: String, quizID: String) async throws -> Int {
        try await store.records(matching: RecordFilter(student: student)).quizAttempts.count { $0.record.quiz == quizID }
    }

    /// Records `attempt` and its event in one transaction.
    /// - Throws: `QuizRecordingError` with the store's reason (and the spooled copy) when it failed.
    public func record(_ attempt: GradedAttempt) async throws {
        let record = QuizAttempt(
            student: attempt.student, lab: attempt.lab, quiz: attempt.quizID, answers: attempt.sortedAnswers,
            score: attempt.score.points, maximum: attempt.score.maximumPoints, policy: attempt.policy.rawValue,
            passed: attempt.score.passed, attemptedAt: attempt.finishedAt)
        let outcome = await recorder.record(record)
        if let warning = outcome.warning { throw QuizRecordingError(description: warning) }
    }

    /// Every attempt at `quizID` that was not reset, in commit order.
    public func attempts(quizID: String) async throws -> [RecordedAnswers] {
        try await store.records(matching: RecordFilter()).quizAttempts
            .filter { $0.record.quiz == quizID }
            .map {
                RecordedAnswers(student: $0.record.student, answers: $0.record.answers, attemptedAt: $0.record.attemptedAt,
                                recordedPoints: $0.record.score)
            }
    }
}

extension ProgressQuizAttempts {
    /// Opens the store `session` names (migrating it as needed); unrecordable attempts are spooled
    /// to the session's `unrecorded/` folder.
    /// - Throws: `ProgressStoreError` saying why the store cannot be opened.
    public static func open(_ session: ProgressSession) async throws -> ProgressQuizAttempts {
        ProgressQuizAttempts(store: try await session.openStore(), spoolFolder: session.unrecordedFolder)
    }

    /// Closes the store.
    public func close() async {
        await recorder.close()
        try? await store.close()
    }
}
