import Foundation
import Testing
@testable import LabRun

@Suite struct ScoreChangeTests {
    func attempt(_ student: String, _ answers: [String: [String]], recorded: Double?) -> RecordedAnswers {
        RecordedAnswers(student: student, answers: answers, attemptedAt: Date(timeIntervalSince1970: 0), recordedPoints: recorded)
    }

    @Test func onlyAttemptsWhoseScoreMovesUnderTodaysKeyAreListedWithTheirNumber() throws {
        // Today's key: Q1 B, Q2 A+C, Q3 D (2 points). The recorded scores were given by an older key.
        let quiz = try GradingFixtures.threeQuestions()
        let attempts = [
            attempt("ada", ["Q1": ["B"], "Q3": ["D"]], recorded: 3),        // still 3
            attempt("bob", ["Q1": ["C"], "Q3": ["D"]], recorded: 3),        // was right on Q1 under the old key: now 2
            attempt("ada", ["Q1": ["B"], "Q2": ["A", "C"]], recorded: 1),   // now 2
            attempt("cy", ["Q9": ["A"]], recorded: 0),                      // no longer fits the quiz: left out
            attempt("dee", ["Q1": ["B"]], recorded: nil),                   // no recorded score: left out
        ]
        let changes = ScoreChange.changes(quiz: quiz, attempts: attempts)
        #expect(changes.map(\.student) == ["bob", "ada"])
        #expect(changes.map(\.attempt) == [1, 2])
        #expect(changes.map(\.recordedPoints) == [3, 1])
        #expect(changes.map(\.regradedPoints) == [2, 2])
    }
}
