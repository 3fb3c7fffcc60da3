import Foundation
import Testing
@testable import LabRun

@Suite struct PsychometricsTests {
    @Test func aColumnWithoutSpreadHasNoCorrelationRatherThanRoundingNoise() {
        // 0.1 × 3 / 3 is not exactly 0.1, so deviations from the mean would be tiny, not zero.
        #expect(Psychometrics.correlation([0.1, 0.1, 0.1], [1, 2, 3]) == nil)
        #expect(Psychometrics.correlation([1, 2, 3], [5, 5, 5]) == nil)
        #expect(Psychometrics.discriminativeEfficiency(item: [1, 1, 1], rest: [1, 2, 3]) == nil)
        #expect(Psychometrics.correlation([1], [2]) == nil)
    }

    @Test func correlationIsOneForALinearRelationAndMinusOneReversed() throws {
        #expect(abs(try #require(Psychometrics.correlation([1, 2, 3, 4], [3, 5, 7, 9])) - 1) < 1e-15)
        #expect(abs(try #require(Psychometrics.correlation([1, 2, 3, 4], [9, 7, 5, 3])) + 1) < 1e-15)
    }

    @Test func efficiencyIsOneWhenTheItemRanksStudentsLikeTheRestEvenIfVeryEasy() throws {
        // Nine right, one wrong, and the one wrong has the lowest rest score: r is small, DE is 1.
        let item: [Double] = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        let rest: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        #expect(try #require(Psychometrics.discriminativeEfficiency(item: item, rest: rest)) == 1)
        #expect(try #require(Psychometrics.correlation(item, rest)) < 0.6)
        let reversed: [Double] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
        #expect(try #require(Psychometrics.discriminativeEfficiency(item: reversed, rest: rest)) == -1)
    }

    @Test func medianAveragesTheTwoMiddleValuesOfAnEvenCount() {
        #expect(Psychometrics.median([3, 1, 2]) == 2)
        #expect(Psychometrics.median([4, 1, 3, 2]) == 2.5)
        #expect(Psychometrics.median([]) == nil)
        #expect(Psychometrics.sampleStandardDeviation([7]) == nil)
    }

    @Test func alphaNeedsTwoItemsAndSpreadAndCanBeNegative() throws {
        #expect(Psychometrics.alpha(itemVariances: [0.25], totalVariance: 0.25) == nil)
        #expect(Psychometrics.alpha(itemVariances: [0.25, 0.25], totalVariance: 0) == nil)
        // Items that mostly disagree: the totals vary less than the items do.
        #expect(try #require(Psychometrics.alpha(itemVariances: [0.25, 0.25], totalVariance: 0.1)) < 0)
        #expect(Psychometrics.standardErrorOfMeasurement(standardDeviation: 2, reliability: 0.75) == 1)
    }
}

@Suite struct ClassStatisticsTests {
    func attempt(_ student: String, _ answers: [String: [String]]) -> RecordedAnswers {
        RecordedAnswers(student: student, answers: answers, attemptedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func firstAttemptsAreAnalysedBesideTheLatest() throws {
        let quiz = try GradingFixtures.threeQuestions()
        let history = [
            attempt("ada", ["Q1": ["A"], "Q2": ["A"], "Q3": ["E"]]),
            attempt("bob", ["Q1": ["B"], "Q2": ["A", "C"], "Q3": ["D"]]),
            attempt("ada", ["Q1": ["B"], "Q2": ["A", "C"], "Q3": ["D"]]),
            attempt("cy", ["Q1": ["C"]]),
            attempt("ada", ["Q1": ["B"], "Q2": ["A", "C"], "Q3": ["A"]]),
        ]
        let latest = SubmissionBatch(latestOf: history, quizID: quiz.id, source: "store")
        let first = SubmissionBatch(firstOf: history, quizID: quiz.id, source: "store")
        #expect(first.submissions.map(\.student) == ["ada", "bob", "cy"])
        #expect(first.submissions[0].answers["Q3"] == ["E"])
        let report = ClassReport(quiz: quiz, batch: latest, firstAttempts: first, minimumResponses: 2)
        let firstStatistics = try #require(report.firstAttempts)
        #expect(firstStatistics.test.students == 3)
        // ada scored 0 first, 2 last; bob 4; cy 0.
        #expect(firstStatistics.test.mean == 4.0 / 3)
        #expect(report.statistics.test.mean == 2)
        #expect(firstStatistics.items[0].facility == 1.0 / 3)
        #expect(report.items[0].facility == 2.0 / 3)
    }

    @Test func partialCreditOrUnequalWeightsUseAlphaAndPlainRightOrWrongUsesKR20() throws {
        #expect(ItemAnalysis.reliabilityMethod(of: try GradingFixtures.threeQuestions()) == .alpha)  // Q3 weighs 2
        let equal = try GradableQuiz(id: "equal", questions: [
            GradableQuestion(id: "Q1", options: ["A", "B"], correct: ["A"], kind: .single),
            GradableQuestion(id: "Q2", options: ["A", "B", "C"], correct: ["A", "C"], kind: .multiple),
        ])
        #expect(ItemAnalysis.reliabilityMethod(of: equal) == .kr20)
        let partial = try GradableQuiz(id: "partial", questions: equal.questions, policy: .partialCredit)
        #expect(ItemAnalysis.reliabilityMethod(of: partial) == .alpha)
    }

    @Test func aFullScoreLandsInTheTopBarAndAnEdgeScoreInTheBarItStarts() throws {
        let quiz = try GradableQuiz(id: "ten", questions: (1...10).map {
            try GradableQuestion(id: "Q\($0)", options: ["A", "B"], correct: ["A"], kind: .single, weight: 0.1)
        })
        let sheets = [10, 7, 3, 0].map { right in
            AnswerSheet(Dictionary(uniqueKeysWithValues: (0..<right).map { ("Q\($0 + 1)", Set(["A"])) }))
        }
        let attempts = sheets.enumerated().map { ("s\($0.offset)", quiz.grade($0.element)) }
        let test = ItemAnalysis.statistics(quiz: quiz, attempts: attempts).test
        #expect(test.histogram.map(\.students) == [1, 0, 0, 1, 0, 0, 0, 1, 0, 1])
        #expect(test.tooFewAnswers)
    }
}
