import Foundation
import Progress
import Testing
@testable import LabRun

@Suite struct QuizTakerTests {
    func taker(_ store: any ProgressStore, student: String = "ada", attempts: Int? = nil) throws -> QuizTaker {
        var keyed = try QuizFixtures.tiny()
        if let attempts {
            keyed = try KeyedQuiz(
                quiz: .init(parsing: QuizFixtures.quizText(attempts: attempts), file: "Quizzes/tiny.md"), key: keyed.key)
        }
        return QuizTaker(keyed: keyed, student: student, store: ProgressQuizAttempts(store: store))
    }

    @Test func aFinishedAttemptIsRecordedInTheProgressStore() async throws {
        let store = MemoryProgressStore()
        let taker = try taker(store)
        let number = try await taker.nextAttemptNumber()
        #expect(number == 1)
        let attempt = taker.grade(sheet: AnswerSheet(["Q1": ["B"], "Q2": ["A"]]), number: number)
        try await taker.record(attempt)
        let stored = try await store.records(matching: RecordFilter()).quizAttempts.map(\.record)
        #expect(stored.count == 1)
        #expect(stored.first?.quiz == "tiny")
        #expect(stored.first?.lab == "tiny")
        #expect(stored.first?.answers == ["Q1": ["B"], "Q2": ["A"]])
        #expect(stored.first?.score == 1)
        #expect(stored.first?.maximum == 3)
        #expect(stored.first?.policy == "all-or-nothing")
        #expect(try await taker.nextAttemptNumber() == 2)
    }

    @Test func theAttemptsLimitIsEnforcedFromTheStore() async throws {
        let store = MemoryProgressStore()
        let taker = try taker(store, attempts: 1)
        try await taker.record(taker.grade(sheet: AnswerSheet(), number: try await taker.nextAttemptNumber()))
        await #expect(throws: GradingError.self) { try await taker.nextAttemptNumber() }
        // Another student still has theirs.
        #expect(try await self.taker(store, student: "grace", attempts: 1).nextAttemptNumber() == 1)
    }

    @Test func aSingleAnswerQuestionTakesOneLetter() throws {
        let taker = try taker(MemoryProgressStore())
        let submission = Submission(student: "ada", answers: ["Q1": ["A", "B"]], source: SubmissionSource(file: "--answers"))
        #expect(throws: QuizAnswerError("Q1 takes one letter, not 2; pick one option")) { try taker.sheet(for: submission) }
    }

    @Test func theReportHidesKeysThePolicyWithholds() throws {
        let keyed = try QuizFixtures.tiny(q2Reveal: "never")
        let taker = QuizTaker(keyed: keyed, student: "ada", store: ProgressQuizAttempts(store: MemoryProgressStore()))
        let report = taker.report(for: taker.grade(sheet: AnswerSheet(["Q1": ["B"], "Q2": ["A"]]), number: 1),
                                  letters: .canonical, recorded: true)
        #expect(report.questions[0].answer == ["B"])
        #expect(report.questions[1].answer == nil)
        #expect(report.questions[1].explanation == nil)
        #expect(report.questions[1].withheld == "This quiz does not show its answers.")
    }

    @Test func fromStoreGradesEachStudentsLatestAttemptAgainstTheCurrentKey() async throws {
        let store = MemoryProgressStore()
        for (student, sheet) in [("ada", ["Q1": Set(["A"])]), ("grace", ["Q1": ["B"]]), ("ada", ["Q1": ["B"], "Q2": ["A", "C"]])] {
            let taker = try taker(store, student: student)
            try await taker.record(taker.grade(sheet: AnswerSheet(sheet), number: try await taker.nextAttemptNumber()))
        }
        let attempts = try await ProgressQuizAttempts(store: store).attempts(quizID: "tiny")
        let batch = SubmissionBatch(latestOf: attempts, quizID: "tiny", source: "store")
        #expect(batch.submissions.map(\.student) == ["ada", "grace"])
        #expect(batch.submissions[0].source.file == "store, attempt 2")
        let report = ClassReport(quiz: try QuizFixtures.tiny().gradable, batch: batch)
        #expect(report.results.map(\.score.points) == [3, 1])
    }

    @Test func answerListsReadNumberEqualsLetters() throws {
        #expect(try AnswerList.parse("1=C, 2=a; Q3=BD,4=") == ["Q1": ["C"], "Q2": ["A"], "Q3": ["B", "D"], "Q4": []])
        #expect(throws: AnswerListError.self) { try AnswerList.parse("1=B,D") }
        #expect(throws: AnswerListError.self) { try AnswerList.parse("1=B,1=C") }
        #expect(throws: AnswerListError.self) { try AnswerList.parse("one=B") }
    }
}
