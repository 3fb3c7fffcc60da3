import Foundation
import LabKit
import Testing
@testable import LabRun

@Suite struct KeyedQuizTests {
    @Test func mapsQuestionsKeysWeightsAndSettingsToTheGrader() throws {
        let keyed = try QuizFixtures.tiny()
        let gradable = keyed.gradable
        #expect(gradable.id == "tiny")
        #expect(gradable.questions.map(\.id) == ["Q1", "Q2"])
        #expect(gradable.questions[0].correct == ["B"])
        #expect(gradable.questions[0].kind == .single)
        #expect(gradable.questions[1].correct == ["A", "C"])
        #expect(gradable.questions[1].kind == .multiple)
        #expect(gradable.questions[1].weight == 2)
        #expect(gradable.passThreshold == 0.5)
        #expect(gradable.policy == .allOrNothing)
    }

    @Test func aQuestionHeadingsScoringOverridesTheQuizs() throws {
        let text = QuizFixtures.quizText().replacingOccurrences(of: "(hard, multiple, weight 2)", with: "(hard, multiple, weight 2, partial)")
        let keyed = try KeyedQuiz(quiz: Quiz(parsing: text, file: "Quizzes/tiny.md"),
                                  key: AnswerKey(parsing: QuizFixtures.keyText(), file: "Solutions/tiny.md"))
        #expect(keyed.gradable.policy == .allOrNothing)
        #expect(keyed.gradable.questions.map(\.policy) == [nil, .partialCredit])
        // One of Q2's two right options: half its 2 points; Q1 wrong stays all-or-nothing.
        let score = keyed.gradable.grade(AnswerSheet(["Q1": ["A"], "Q2": ["A"]]))
        #expect(score.points == 1)
    }

    @Test func aQuestionWithoutAKeyIsRefused() {
        let key = AnswerKey(parsing: "## Q1\n\nAnswer: B\n", file: "Solutions/tiny.md")
        #expect(throws: QuizLoadError.self) {
            try KeyedQuiz(quiz: Quiz(parsing: QuizFixtures.quizText(), file: "Quizzes/tiny.md"), key: key)
        }
    }

    @Test func aKeyNamingAMissingOptionIsRefused() {
        let key = AnswerKey(parsing: "## Q1\n\nAnswer: D\n\n## Q2\n\nAnswers: A, C\n", file: "Solutions/tiny.md")
        #expect {
            try KeyedQuiz(quiz: Quiz(parsing: QuizFixtures.quizText(), file: "Quizzes/tiny.md"), key: key)
        } throws: { error in
            "\(error)".contains("its key names D, which is not an option")
        }
    }

    @Test func theCoursePracticeQuizLoadsCleanlyWithAKeyHintsAndFeedbackForEveryWrongOption() throws {
        let (keyed, warnings) = try KeyedQuiz.load(id: "generative-bias", course: QuizFixtures.repositoryRoot)
        #expect(warnings.isEmpty)
        #expect(keyed.gradable.questions.count == 5)
        #expect(Set(keyed.choiceQuestions.compactMap(\.difficulty)) == [.easy, .medium, .hard])
        for (index, question) in keyed.gradable.questions.enumerated() {
            let key = try #require(keyed.questionKey(at: index))
            #expect(!key.explanation.isEmpty, "\(question.id) has no explanation")
            #expect(!key.hints.isEmpty, "\(question.id) has no hint")
            for wrong in question.distractors {
                #expect(key.feedback(for: wrong) != nil, "\(question.id) option \(wrong) has no feedback")
            }
        }
    }

    @Test func anUnknownQuizIsAUsageErrorThatListsTheKnownOnes() throws {
        #expect {
            try KeyedQuiz.load(id: "nope", course: QuizFixtures.repositoryRoot)
        } throws: { error in
            guard let error = error as? QuizLoadError else { return false }
            return error.kind == .unknownQuiz && error.description.contains("known quizzes: bias-at-scale, bias-toolkit, foundation-model-risks, generative-bias, ml-bias")
        }
        #expect(throws: QuizLoadError.self) { try KeyedQuiz.load(id: "../Solutions/generative-bias", course: QuizFixtures.repositoryRoot) }
    }
}
