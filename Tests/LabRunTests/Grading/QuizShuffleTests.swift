import Bias
import Testing
@testable import LabRun

@Suite struct QuizShuffleTests {
    /// Five questions of four options, both shuffles on.
    func fiveByFour() throws -> GradableQuiz {
        try GradableQuiz(
            id: "generative-bias",
            questions: (1...5).map {
                try GradableQuestion(id: "Q\($0)", options: ["A", "B", "C", "D"], correct: ["A"], kind: .single)
            },
            shuffleQuestions: true, shuffleOptions: true)
    }

    @Test func theOrderIsPinnedToTheDocumentedAlgorithm() throws {
        // Computed independently from the definitions (FNV-1a of "ada|generative-bias",
        // SplitMix64, Fisher–Yates from the last position down with rejection sampling).
        #expect(QuizShuffle.seed(student: "ada", quizID: "generative-bias") == 0xB04A_E597_00EA_5C73)
        let shuffle = QuizShuffle(quiz: try fiveByFour(), student: "ada")
        #expect(shuffle.questionOrder == [0, 4, 2, 1, 3])
        #expect(shuffle.optionOrders == [[1, 0, 2, 3], [1, 3, 2, 0], [0, 3, 1, 2], [3, 1, 2, 0], [3, 0, 2, 1]])
        #expect(shuffle.shownOptions(ofQuestion: 3) == ["D", "B", "C", "A"])
        #expect(shuffle.canonicalLetter(shown: "A", ofQuestion: 3) == "D")
        #expect(shuffle.shownLetter(canonical: "D", ofQuestion: 3) == "A")
        #expect(shuffle.question(atShownPosition: 1)?.id == "Q5")
    }

    @Test func aQuizThatDoesNotShuffleIsShownInFileOrder() throws {
        let shuffle = QuizShuffle(quiz: try GradingFixtures.threeQuestions(), student: "ada")
        #expect(shuffle.questionOrder == [0, 1, 2])
        #expect(shuffle.optionOrders == [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3, 4]])
    }

    @Test func differentStudentsSeeDifferentOrders() throws {
        let quiz = try fiveByFour()
        let orders = Set(["ada", "grace", "alan", "edsger", "barbara"].map { QuizShuffle(quiz: quiz, student: $0).optionOrders })
        #expect(orders.count > 1)
    }

    @Test func shownAnswersOutsideTheQuizAreRefused() throws {
        let shuffle = QuizShuffle(quiz: try GradingFixtures.threeQuestions(shuffle: true), student: "ada")
        #expect(throws: ShuffleMappingError.self) { try shuffle.canonicalSheet(fromShown: [3: ["A"]]) }
        #expect(throws: ShuffleMappingError.self) { try shuffle.canonicalSheet(fromShown: [0: ["Z"]]) }
    }
}
