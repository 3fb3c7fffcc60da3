import LabKit
import Testing
@testable import LabRun

@Suite struct GradableQuizTests {
    @Test func gradesEachQuestionByItsWeightAndTheQuizPolicy() throws {
        let quiz = try GradingFixtures.threeQuestions()
        let score = quiz.grade(AnswerSheet(["Q1": ["B"], "Q2": ["A"], "Q3": ["D"]]))
        #expect(score.questions.map(\.points) == [1, 0, 2])
        #expect(score.questions.map(\.isCorrect) == [true, false, true])
        #expect(score.points == 3)
        #expect(score.maximumPoints == 4)
        #expect(score.fraction == 0.75)
        #expect(score.correctCount == 2)
    }

    @Test func aQuestionsOwnPolicyOverridesTheQuizPolicy() throws {
        let quiz = try GradableQuiz(id: "mixed", questions: [
            GradableQuestion(id: "Q1", options: ["A", "B", "C"], correct: ["A", "B"], kind: .multiple, policy: .partialCredit),
            GradableQuestion(id: "Q2", options: ["A", "B", "C"], correct: ["A", "B"], kind: .multiple),
        ])
        let score = quiz.grade(AnswerSheet(["Q1": ["A"], "Q2": ["A"]]))
        #expect(score.questions.map(\.points) == [0.5, 0])
    }

    @Test func blankAndMissingQuestionsScoreZero() throws {
        let quiz = try GradingFixtures.threeQuestions(policy: .partialCredit)
        let score = quiz.grade(AnswerSheet(["Q1": []]))
        #expect(score.points == 0)
        #expect(score.questions.allSatisfy { !$0.isAnswered })
    }

    @Test(arguments: [(0.75, true), (0.76, false), (0.0, true)])
    func passesWhenTheShareReachesTheThreshold(threshold: Double, passes: Bool) throws {
        let quiz = try GradingFixtures.threeQuestions(pass: threshold)
        #expect(quiz.grade(AnswerSheet(["Q1": ["B"], "Q3": ["D"]])).passed == passes)
    }

    @Test func sevenTenthsReachesASeventyPercentThresholdDespiteRounding() throws {
        let questions = try (1...10).map { try GradableQuestion(id: "Q\($0)", options: ["A", "B"], correct: ["A"], kind: .single, weight: 0.1) }
        let quiz = try GradableQuiz(id: "tenths", questions: questions, passThreshold: 0.7)
        let sheet = AnswerSheet(Dictionary(uniqueKeysWithValues: (1...7).map { ("Q\($0)", Set(["A"])) }))
        #expect(quiz.grade(sheet).passed)
    }

    @Test func theAttemptsLimitRefusesTheAttemptAfterTheLast() throws {
        let quiz = try GradingFixtures.threeQuestions(attempts: 2)
        #expect(throws: Never.self) { try quiz.checkAttemptAllowed(previousAttempts: 1) }
        #expect(throws: GradingError.attemptsExhausted(quiz: "sample", limit: 2)) {
            try quiz.checkAttemptAllowed(previousAttempts: 2)
        }
        #expect(quiz.attemptsLeft(previousAttempts: 1) == 1)
        #expect(try GradingFixtures.threeQuestions().attemptsLeft(previousAttempts: 99) == nil)
    }

    @Test func rejectsAKeyThatNamesNoOption() {
        #expect {
            try GradableQuestion(id: "Q4", options: ["A", "B"], correct: ["C"], kind: .single)
        } throws: { error in
            "\(error)" == "question Q4: its key names C, which is not an option; use one of A, B"
        }
    }

    @Test func rejectsASingleAnswerQuestionWithTwoKeys() {
        #expect(throws: GradingError.self) {
            try GradableQuestion(id: "Q1", options: ["A", "B"], correct: ["A", "B"], kind: .single)
        }
    }

    @Test(arguments: [0.0, -1.0, Double.nan, Double.infinity])
    func rejectsAWeightThatIsNotPositive(weight: Double) {
        #expect(throws: GradingError.self) {
            try GradableQuestion(id: "Q1", options: ["A", "B"], correct: ["A"], kind: .single, weight: weight)
        }
    }

    @Test func rejectsDuplicateQuestionIdsAndAThresholdAboveOne() throws {
        let question = try GradableQuestion(id: "Q1", options: ["A", "B"], correct: ["A"], kind: .single)
        #expect(throws: GradingError.self) { try GradableQuiz(id: "twice", questions: [question, question]) }
        #expect(throws: GradingError.self) { try GradableQuiz(id: "high", questions: [question], passThreshold: 1.5) }
        #expect(throws: GradingError.self) { try GradableQuiz(id: "none", questions: []) }
        #expect(throws: GradingError.self) { try GradableQuiz(id: "zero", questions: [question], attemptsLimit: 0) }
    }

    @Test func revealPoliciesAllowTheKeyOnlyWhenTheySay() {
        #expect(RevealPolicy.afterAttempt.allowsReveal(attempted: true, passedQuiz: nil))
        #expect(!RevealPolicy.afterAttempt.allowsReveal(attempted: false, passedQuiz: nil))
        #expect(!RevealPolicy.afterPass.allowsReveal(attempted: true, passedQuiz: nil))
        #expect(!RevealPolicy.afterPass.allowsReveal(attempted: true, passedQuiz: false))
        #expect(RevealPolicy.afterPass.allowsReveal(attempted: true, passedQuiz: true))
        #expect(!RevealPolicy.never.allowsReveal(attempted: true, passedQuiz: true))
    }
}
