import Foundation
import LabKit
import Testing
@testable import LabRun

@Suite struct InteractiveQuizTests {
    /// Runs a session with scripted input lines; returns the outcome and everything written.
    func run(_ keyed: KeyedQuiz, typing lines: [String], student: String = "ada") -> (InteractiveQuiz.Outcome, String) {
        var input = lines[...]
        var output = ""
        let quiz = InteractiveQuiz(keyed: keyed, student: student, attemptNumber: 1, terminal: Terminal(usesColor: false, width: 80))
        let outcome = quiz.run(read: { input.popFirst() }, write: { output += $0 })
        return (outcome, output)
    }

    @Test func practiceModeGivesFeedbackAfterEachAnswerAndAScoreWithAProgressBar() throws {
        let (outcome, output) = run(try QuizFixtures.tiny(), typing: ["a", "AC"])
        guard case .finished(let sheet, let score) = outcome else {
            Issue.record("the quiz did not finish")
            return
        }
        #expect(sheet == AnswerSheet(["Q1": ["A"], "Q2": ["A", "C"]]))
        #expect(score.points == 2)
        #expect(output.contains("Question 1 of 2 (easy)"))
        #expect(output.contains("✘ Not right. (0 of 1 point)\n  A: The tokenizer only splits words.\n  Answer: B. Associations come from co-occurrence in the training text."))
        #expect(output.contains("✔ Correct. (2 of 2 points)"))
        #expect(output.contains("Score: 2 of 3 points (67%) [█████████████░░░░░░░] passed (pass mark 50%)"))
    }

    @Test func questionMarkShowsTheHintsOneAtATime() throws {
        let (_, output) = run(try QuizFixtures.tiny(), typing: ["?", "?", "?", "B", "AC"])
        #expect(output.contains("  Hint 1 of 2: What did the model read?"))
        #expect(output.contains("  Hint 2 of 2: Think of Wikipedia."))
        #expect(output.contains("  That was the last hint."))
    }

    @Test func invalidAnswersAreExplainedAndAskedAgain() throws {
        let (outcome, output) = run(try QuizFixtures.tiny(), typing: ["", "D", "AB", "B?", "B", "AC"])
        #expect(output.contains("Type a letter from A to C, or ? for a hint."))
        #expect(output.contains("There is no option D here; the options are A to C."))
        #expect(output.contains("Choose one letter for this question."))
        #expect(output.contains("'?' is not an option letter: answer with letters from A to C."))
        guard case .finished(_, let score) = outcome else {
            Issue.record("the quiz did not finish")
            return
        }
        #expect(score.points == 3)
    }

    @Test func endOfInputMidQuizAbandonsTheAttempt() throws {
        let (outcome, _) = run(try QuizFixtures.tiny(), typing: ["B"])
        guard case .abandoned(let answered) = outcome else {
            Issue.record("an interrupted quiz must not finish")
            return
        }
        #expect(answered == 1)
    }

    @Test func examModeHoldsAllFeedbackUntilTheEnd() throws {
        let (_, output) = run(try QuizFixtures.tiny(mode: "exam"), typing: ["A", "AB"])
        let end = try #require(output.range(of: "Your answers"))
        let during = output[..<end.lowerBound]
        #expect(!during.contains("Not right"))
        #expect(!during.contains("Answer: B"))
        #expect(during.contains("Answer saved for the end of the quiz."))
        #expect(output[end.lowerBound...].contains("Q1 ✘ Not right. (0 of 1 point)"))
        #expect(output[end.lowerBound...].contains("Answer: B."))
    }

    @Test func anAfterPassKeyStaysHiddenForAStudentWhoFails() throws {
        let (_, output) = run(try QuizFixtures.tiny(q2Reveal: "after-pass"), typing: ["A", "B"])
        #expect(!output.contains("Answers: A, C"))
        #expect(output.contains("The answer is shown once you pass the quiz."))
        #expect(output.contains("B: Temperature changes sampling, not data."))
    }

    @Test func aNeverKeyIsNeverShown() throws {
        let (_, output) = run(try QuizFixtures.tiny(q2Reveal: "never"), typing: ["B", "B"])
        #expect(!output.contains("Answers: A, C"))
        #expect(!output.contains("Both change what the model learns from."))
        #expect(output.contains("This quiz does not show its answers."))
    }

    @Test func aShuffledQuizIsAnsweredInShownLettersAndGradedCanonically() throws {
        let keyed = try QuizFixtures.tiny(shuffle: true)
        let shuffle = QuizShuffle(quiz: keyed.gradable, student: "grace")
        // Type the key as grace sees it.
        let typed = shuffle.questionOrder.map { index in
            keyed.gradable.questions[index].correct.compactMap { shuffle.shownLetter(canonical: $0, ofQuestion: index) }.sorted().joined()
        }
        let (outcome, _) = run(keyed, typing: typed, student: "grace")
        guard case .finished(let sheet, let score) = outcome else {
            Issue.record("the quiz did not finish")
            return
        }
        #expect(sheet == AnswerSheet(["Q1": ["B"], "Q2": ["A", "C"]]))
        #expect(score.points == 3)
    }
}
