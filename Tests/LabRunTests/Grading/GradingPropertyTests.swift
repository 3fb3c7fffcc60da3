import Bias
import Testing
@testable import LabRun

/// Seeded property tests: each runs the same 300 random quizzes on every machine.
@Suite struct GradingPropertyTests {
    static let cases = 300

    @Test func everyQuestionScoresBetweenZeroAndItsWeight() throws {
        var generator = SplitMix64(seed: 0x5C0_4E)
        for _ in 0..<Self.cases {
            let quiz = try GradingFixtures.randomQuiz(using: &generator)
            let score = quiz.grade(GradingFixtures.randomSheet(for: quiz, using: &generator))
            for (question, result) in zip(quiz.questions, score.questions) {
                #expect(result.points >= 0 && result.points <= question.weight)
            }
            #expect(score.points >= 0 && score.points <= score.maximumPoints + 1e-9)
            #expect((0...1).contains(score.fraction))
        }
    }

    @Test func theKeyItselfEarnsFullMarksUnderEitherPolicy() throws {
        var generator = SplitMix64(seed: 0xFACE)
        for _ in 0..<Self.cases {
            let quiz = try GradingFixtures.randomQuiz(using: &generator)
            let key = AnswerSheet(Dictionary(uniqueKeysWithValues: quiz.questions.map { ($0.id, $0.correct) }))
            let score = quiz.grade(key)
            #expect(abs(score.points - quiz.maximumPoints) < 1e-9)
            #expect(score.passed)
        }
    }

    @Test func theShuffleIsABijectionOfQuestionsAndOfEveryQuestionsOptions() throws {
        var generator = SplitMix64(seed: 0xB1)
        for number in 0..<Self.cases {
            let quiz = try GradingFixtures.randomQuiz(using: &generator)
            let shuffle = QuizShuffle(quiz: quiz, student: "student-\(number)")
            #expect(shuffle.questionOrder.sorted() == Array(quiz.questions.indices))
            for (index, question) in quiz.questions.enumerated() {
                #expect(shuffle.optionOrders[index].sorted() == Array(question.options.indices))
                for letter in question.options {
                    let shown = try #require(shuffle.shownLetter(canonical: letter, ofQuestion: index))
                    #expect(shuffle.canonicalLetter(shown: shown, ofQuestion: index) == letter)
                }
                let position = try #require(shuffle.shownPosition(ofQuestion: index))
                #expect(shuffle.question(atShownPosition: position)?.id == question.id)
            }
        }
    }

    @Test func theShuffleIsStableForAStudentAndQuiz() throws {
        var generator = SplitMix64(seed: 0x57AB1E)
        for number in 0..<Self.cases {
            let quiz = try GradingFixtures.randomQuiz(using: &generator, id: "quiz-\(number % 7)")
            let first = QuizShuffle(quiz: quiz, student: "student-\(number)")
            let again = QuizShuffle(quiz: quiz, student: "student-\(number)")
            #expect(first == again)
        }
    }

    @Test func gradingAShuffledAttemptEqualsGradingTheCanonicalOne() throws {
        var generator = SplitMix64(seed: 0x6AD3)
        for number in 0..<Self.cases {
            let quiz = try GradingFixtures.randomQuiz(using: &generator)
            let sheet = GradingFixtures.randomSheet(for: quiz, using: &generator)
            let student = "student-\(number)"
            let shown = QuizShuffle(quiz: quiz, student: student).shownAnswers(for: sheet)
            // What the student typed, as a submission in shown terms, read back through their shuffle.
            let submission = Submission(
                student: student,
                answers: Dictionary(uniqueKeysWithValues: shown.map { ("Q\($0.key + 1)", $0.value) }),
                letters: .shown, source: SubmissionSource(file: "property"))
            let mapped = try submission.answerSheet(for: quiz)
            #expect(quiz.grade(mapped) == quiz.grade(sheet))
        }
    }
}
