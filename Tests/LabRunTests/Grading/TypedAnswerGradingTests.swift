import Foundation
import LabKit
import Testing
@testable import LabRun

/// Grading numeric, short-answer, ordering and true/false questions, from the quiz files to a
/// class report.
@Suite struct TypedAnswerGradingTests {
    static func keyed() throws -> KeyedQuiz {
        let quiz = Quiz(parsing: QuestionFormatFiles.quiz, file: "Quizzes/formats.md")
        let key = AnswerKey(parsing: QuestionFormatFiles.key, file: "Solutions/formats.md")
        return try KeyedQuiz(quiz: quiz, key: key)
    }

    @Test func everyFormatBecomesAGradableQuestion() throws {
        let keyed = try Self.keyed()
        #expect(keyed.gradable.questions.map(\.id) == ["Q1", "Q2", "Q3", "Q4"])
        #expect(keyed.gradable.questions[0].response == .choice)
        #expect(keyed.gradable.questions[0].options == ["A", "B"])
        #expect(keyed.gradable.questions[1].response == .numeric(NumericAnswer(value: 0.35, tolerance: 0.02)))
        #expect(keyed.typedQuestionIDs == ["Q2", "Q3", "Q4"])
    }

    @Test func typedAnswersAreScoredByTheirKeys() throws {
        let quiz = try Self.keyed().gradable
        let right = quiz.grade(AnswerSheet(["Q1": ["A"], "Q2": ["0.36"], "Q3": ["Bias  Amplification"], "Q4": ["C, A, B"]]))
        #expect(right.points == 5)
        #expect(right.questions.allSatisfy { $0.isCorrect })
        let wrong = quiz.grade(AnswerSheet(["Q1": ["B"], "Q2": ["0.4"], "Q3": ["bias"], "Q4": ["ACB"]]))
        #expect(wrong.points == 0)
        #expect(wrong.questions.allSatisfy { !$0.isCorrect })
    }

    @Test func partialCreditForAnOrderingIsTheShareOfItemsInPlace() throws {
        let question = try GradableQuestion(id: "Q1", typed: .ordering(["C", "A", "B", "D"]), options: ["A", "B", "C", "D"])
        #expect(question.credit(["CABD"], policy: .partialCredit) == 1)
        #expect(question.credit(["CBAD"], policy: .partialCredit) == 0.5)
        #expect(question.credit(["CBAD"], policy: .allOrNothing) == 0)
        #expect(question.credit(["CAB"], policy: .partialCredit) == 0)
        #expect(throws: GradingError.self) {
            try GradableQuestion(id: "Q1", typed: .ordering(["C", "A"]), options: ["A", "B", "C"])
        }
    }

    @Test func aCSVClassWithTypedColumnsIsGradedAndBadTypedAnswersAreSkippedByLine() throws {
        let keyed = try Self.keyed()
        let csv = """
            student,Q1,Q2,Q3,Q4
            ada,A,0.35,bias amplification,CAB
            bob,B,"0,34",amplified bias,C A B
            cy,A,lots,amplification,CAB
            dee,A,0.5,,BAC
            eve,A,0.35,x,CAX

            """
        let batch = CSVSubmissionReader.read(text: csv, file: "class.csv", typed: keyed.typedQuestionIDs)
        #expect(batch.problems.isEmpty)
        let report = ClassReport(quiz: keyed.gradable, batch: batch)
        #expect(report.results.map(\.student) == ["ada", "bob", "dee"])
        #expect(report.results.map(\.score.points) == [5, 4, 1])
        #expect(report.problems.map(\.description) == [
            "class.csv:4: Q2 answer 'lots' is not a number; write it like 0.35",
            "class.csv:6: Q4 answer 'CAX' must put each of A, B, C in order once, like CBA",
        ])
        #expect(report.items[2].blank == 1)
    }

    @Test func jsonSubmissionsMayGiveNumbersAsNumbers() throws {
        let keyed = try Self.keyed()
        let json = #"{"student": "ada", "answers": {"Q1": "A", "Q2": 0.36, "Q3": "amplification", "Q4": "CAB"}}"#
        let batch = JSONSubmissionReader.read(data: Data(json.utf8), file: "ada.json", typed: keyed.typedQuestionIDs)
        #expect(batch.problems.isEmpty)
        let report = ClassReport(quiz: keyed.gradable, batch: batch)
        #expect(report.results.first?.score.points == 5)
    }
}

/// The quiz and key of LabKit's `QuestionFormatTests`, for the grader's side.
enum QuestionFormatFiles {
    static let quiz = """
        ---
        id: formats
        ---
        ## Q1: Counterfactual augmentation (true/false)

        Swapping gendered words in training data can reduce a model's gender bias.

        ## Q2: WEAT effect size (numeric, weight 2)

        What is the effect size, to two decimals?

        ## Q3: Name the effect (short answer)

        What do we call a model making a bias in its data stronger?

        ## Q4: Pipeline order (ordering)

        - [ ] A. Choose a metric
        - [ ] B. Report the gap
        - [ ] C. Collect minimal pairs

        """

    static let key = """
        ---
        quiz: formats
        ---
        ## Q1
        Answer: true

        ## Q2
        Answer: = 0.35 ± 0.02

        ## Q3
        Accept: bias amplification
        Accept: amplification
        Accept regex: amplif(y|ied|ication) bias

        ## Q4
        Order: C, A, B

        """
}

/// A student taking a quiz of every format at the terminal, and with `--answers`.
@Suite struct TypedAnswerQuizTakingTests {
    @Test func theInteractiveQuizAsksForTypedAnswersAndExplainsBadOnes() throws {
        let keyed = try TypedAnswerGradingTests.keyed()
        var input = ["A", "lots", "0.36", "bias amplification", "CAX", "CA", "CAB"][...]
        var output = ""
        let quiz = InteractiveQuiz(keyed: keyed, student: "ada", attemptNumber: 1, terminal: Terminal(usesColor: false, width: 100))
        let outcome = quiz.run(read: { input.popFirst() }, write: { output += $0 })
        guard case .finished(let sheet, let score) = outcome else {
            Issue.record("the quiz did not finish: \(output)")
            return
        }
        #expect(score.points == 5)
        #expect(sheet["Q2"] == ["0.36"])
        #expect(output.contains("Your answer (a number, ? for a hint): "))
        #expect(output.contains("  answer 'lots' is not a number; write it like 0.35."))
        #expect(output.contains("Put them in order (letters A–C, first to last, ? for a hint): "))
        #expect(output.contains("  There is no item X here; the items are A to C."))
        #expect(output.contains("  answer 'CA' must put each of A, B, C in order once, like CBA."))
        #expect(output.contains("A. True"))
    }

    @Test func wrongTypedAnswersRevealTheKeyInItsOwnForm() throws {
        let keyed = try TypedAnswerGradingTests.keyed()
        var input = ["B", "0.5", "bias", "ABC"][...]
        var output = ""
        let quiz = InteractiveQuiz(keyed: keyed, student: "ada", attemptNumber: 1, terminal: Terminal(usesColor: false, width: 100))
        _ = quiz.run(read: { input.popFirst() }, write: { output += $0 })
        #expect(output.contains("Answer: 0.35 ± 0.02."))
        #expect(output.contains("Answer: bias amplification."))
        #expect(output.contains("Answer: C A B."))
    }

    @Test func answersOnTheCommandLineKeepTypedTextAsWritten() throws {
        let keyed = try TypedAnswerGradingTests.keyed()
        let answers = try AnswerList.parse("1=A, 2=0.36; 3=bias amplification, 4=CAB", typed: keyed.typedQuestionIDs)
        #expect(answers == ["Q1": ["A"], "Q2": ["0.36"], "Q3": ["bias amplification"], "Q4": ["CAB"]])
    }
}
