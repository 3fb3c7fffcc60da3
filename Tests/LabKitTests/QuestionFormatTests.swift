import Foundation
import Testing
@testable import LabKit

/// True/false, numeric, short-answer and ordering questions: how they are written in Quizzes/ and
/// Solutions/, and what `labrun check` says about a key that does not fit.
@Suite struct QuestionFormatTests {
    static let quiz = """
        ---
        id: formats
        ---
        # Formats

        ## Q1: Counterfactual augmentation (true/false)

        Swapping gendered words in training data can reduce a model's gender bias.

        ## Q2: WEAT effect size (numeric, weight 2)

        What is the effect size, to two decimals?

        ## Q3: Name the effect (short answer)

        What do we call a model making a bias in its data stronger?

        ## Q4: Pipeline order (ordering)

        Put the steps of a bias audit in order.

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
        Feedback: the effect size is the difference of mean associations over their pooled SD.

        ## Q3
        Accept: bias amplification
        Accept: amplification
        Accept regex: /amplif(y|ied|ication) bias/

        ## Q4
        Order: C, A, B
        - B: you cannot report before measuring.

        """

    @Test func headingSettingsPickTheFormatAndTrueFalseGetsItsTwoOptions() {
        let quiz = Quiz(parsing: Self.quiz, file: "Quizzes/formats.md")
        #expect(quiz.diagnostics.isEmpty, "\(quiz.diagnostics)")
        #expect(quiz.questions.map(\.format) == [.trueFalse, .numeric, .shortAnswer, .ordering])
        #expect(quiz.questions[0].options.map(\.text) == ["True", "False"])
        #expect(quiz.questions.allSatisfy { $0.isGraded })
        #expect(quiz.questions[1].weight == 2)
        #expect(quiz.questions[3].options.map(\.letter) == ["A", "B", "C"])
    }

    @Test func keysReadEachFormat() throws {
        let key = AnswerKey(parsing: Self.key, file: "Solutions/formats.md")
        #expect(key.diagnostics.isEmpty, "\(key.diagnostics)")
        #expect(key.questions[0].answers == ["A"])
        #expect(key.questions[1].numeric == NumericAnswer(value: 0.35, tolerance: 0.02))
        #expect(key.questions[1].explanation.contains("pooled SD"))
        #expect(key.questions[2].acceptedForms == ["bias amplification", "amplification"])
        #expect(key.questions[2].acceptedPatterns == ["amplif(y|ied|ication) bias"])
        #expect(key.questions[3].order == ["C", "A", "B"])
        #expect(key.questions[3].feedback.map(\.letter) == ["B"])
    }

    @Test func aNumericKeyWithoutToleranceIsAnErrorAtItsLineThatSaysHowToWriteIt() throws {
        let key = AnswerKey(parsing: "## Q2\n\nAnswer: = 0.35\n", file: "Solutions/formats.md")
        let error = try #require(key.diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.position.line == 3)
        #expect(error.message.contains("has no tolerance; write `Answer: = 0.35 ± 0.01`"))
        let plusMinus = AnswerKey(parsing: "## Q2\nAnswer: = 35 +- 1\n", file: "k.md")
        #expect(plusMinus.questions[0].numeric == NumericAnswer(value: 35, tolerance: 1))
        let negative = AnswerKey(parsing: "## Q2\nAnswer: = 35 ± -1\n", file: "k.md")
        #expect(negative.diagnostics.first?.message.contains("must be a number 0 or more") == true)
    }

    @Test func aBrokenRegexIsAnErrorAtItsLine() throws {
        let key = AnswerKey(parsing: "## Q3\nAccept: x\nAccept regex: (unclosed\n", file: "k.md")
        let error = try #require(key.diagnostics.first)
        #expect(error.position.line == 3)
        #expect(error.message.contains("is not a valid regular expression"))
    }

    @Test func numericAndShortAnswerMatchAsDocumented() {
        let key = NumericAnswer(value: 0.35, tolerance: 0.02)
        #expect(key.accepts(0.33) && key.accepts(0.37) && key.accepts(0.35))
        #expect(!key.accepts(0.3701) && !key.accepts(.nan))
        #expect(NumericAnswer.number(in: " 0,36 ") == 0.36)
        #expect(NumericAnswer.number(in: "about 0.36") == nil)
        #expect(ShortAnswerMatch.accepts("  Bias   AMPLIFICATION ", forms: ["bias amplification"], patterns: []))
        #expect(ShortAnswerMatch.accepts("amplified bias", forms: [], patterns: ["amplif(y|ied|ication) bias"]))
        // Patterns match the whole answer, not a part of it.
        #expect(!ShortAnswerMatch.accepts("not amplified bias at all", forms: [], patterns: ["amplif(y|ied|ication) bias"]))
        #expect(!ShortAnswerMatch.accepts("   ", forms: [""], patterns: []))
    }

    func lint(quiz: String, key: String) throws -> [Diagnostic] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("formats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [("Quizzes/formats.md", quiz), ("Solutions/formats.md", key)] {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return LabLinter().lint(LabFileSet(paths: ["Quizzes", "Solutions"], relativeTo: folder)).diagnostics
    }

    @Test func checkAcceptsAWellKeyedQuizOfEveryFormat() throws {
        #expect(try lint(quiz: Self.quiz, key: Self.key).filter { $0.severity == .error }.isEmpty)
    }

    @Test func checkSaysWhatEachFormatsKeyNeeds() throws {
        let key = """
            ---
            quiz: formats
            ---
            ## Q1
            Answer: C

            ## Q2
            Answer: B

            ## Q3
            Explanation: nothing accepted

            ## Q4
            Order: C, A, A

            """
        let messages = try lint(quiz: Self.quiz, key: key).filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("names option C, which does not exist; options are A, B") })
        #expect(messages.contains { $0.contains("Q2 is numeric; its key needs `Answer: = <value> ± <tolerance>`") })
        #expect(messages.contains { $0.contains("Q3 is a short answer; its key needs `Accept: <answer>`") })
        #expect(messages.contains { $0.contains("`Order:` of Q4 must name each of A, B, C once, not C, A, A") })
    }

    @Test func optionsUnderANumericQuestionAreAnErrorAtTheList() throws {
        let quiz = Quiz(parsing: "## Q1 (numeric)\n\nHow much?\n\n- [ ] A. 1\n- [ ] B. 2\n", file: "q.md")
        let error = try #require(quiz.diagnostics.first)
        #expect(error.message.contains("Q1 is numeric and takes typed answers, not options"))
        #expect(error.position.line == 5)
        let ordering = Quiz(parsing: "## Q1 (ordering)\n\nOrder nothing.\n", file: "q.md")
        #expect(ordering.diagnostics.first?.message.contains("lists 0 items") == true)
    }
}
