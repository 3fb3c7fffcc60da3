import Testing
@testable import LabKit

@Suite struct QuizTests {
    static let text = """
        ---
        id: bias-basics
        title: Bias basics
        lab: ml-bias
        pass: 80%
        shuffle: true
        attempts: 3
        mode: exam
        scoring: partial
        ---

        Answer every question.

        ## Q1 (easy)

        Where does a masked language model learn its associations?

        - [ ] A. From its training text
        - [ ] B. From the tokenizer

        ## Q2: Pick all (hard, multiple, weight 2)

        Which help?

        - [ ] A. Counterfactual data
        - [ ] B. More of the same data
        - [ ] C. Measuring the gap

        ## Q3

        In your own words, what is a counterfactual test?
        """

    @Test func frontMatterSetsEverySetting() {
        let quiz = Quiz(parsing: Self.text, file: "Quizzes/bias-basics.md")
        #expect(quiz.diagnostics.isEmpty)
        #expect(quiz.id == "bias-basics")
        #expect(quiz.title == "Bias basics")
        #expect(quiz.lab == "ml-bias")
        #expect(quiz.passThreshold == 0.8)
        #expect(quiz.shuffle)
        #expect(quiz.attempts == 3)
        #expect(quiz.mode == .exam)
        #expect(quiz.scoring == .partial)
    }

    @Test func questionsHaveDifficultyWeightAndOptions() throws {
        let quiz = Quiz(parsing: Self.text, file: "Quizzes/bias-basics.md")
        #expect(quiz.questions.map(\.reference.description) == ["Q1", "Q2", "Q3"])
        let first = try #require(quiz.question(1))
        #expect(first.difficulty == .easy)
        #expect(first.stem == "Where does a masked language model learn its associations?")
        #expect(first.options.map(\.letter) == ["A", "B"])
        #expect(first.options.map(\.text) == ["From its training text", "From the tokenizer"])
        #expect(!first.allowsMultipleAnswers)
        #expect(first.position.line == 14)
        let second = try #require(quiz.question(2))
        #expect(second.title == "Pick all")
        #expect(second.allowsMultipleAnswers)
        #expect(second.weight == 2)
        #expect(second.difficulty == .hard)
        let third = try #require(quiz.question(3))
        #expect(!third.isMultipleChoice)
    }

    @Test func defaultsWithoutFrontMatter() {
        let quiz = Quiz(parsing: "# My quiz\n\n## Q1\nWhy?\n", file: "Quizzes/mine.md")
        #expect(quiz.id == "mine")
        #expect(quiz.title == "My quiz")
        #expect(quiz.passThreshold == Quiz.defaultPassThreshold)
        #expect(quiz.attempts == nil)
        #expect(quiz.mode == .practice)
        #expect(quiz.scoring == .allOrNothing)
    }

    @Test func aCheckedOptionInAQuizIsAnError() {
        let quiz = Quiz(parsing: "## Q1\nWhy?\n\n- [x] A. yes\n- [ ] B. no\n", file: "q.md")
        #expect(quiz.question(1)?.options.first?.isChecked == true)
        #expect(LabLinter().lint(quiz: quiz).map(\.description) == [
            "q.md:4:1: error: option A of Q1 is checked; the answer never lives here: uncheck it and put `Answer: A` in Solutions/",
        ])
    }

    @Test(arguments: [("0.7", 0.7), ("70%", 0.7), ("70", 0.7), ("1", 1.0), ("0", 0.0)])
    func passThresholdAcceptsSharesAndPercentages(text: String, expected: Double) {
        #expect(Quiz.passThreshold(text) == expected)
    }

    @Test(arguments: ["abc", "150%", "-1", "nan"])
    func passThresholdRejectsNonsense(text: String) {
        #expect(Quiz.passThreshold(text) == nil)
    }

    @Test func unknownSettingsAndBadValuesAreDiagnosed() {
        let quiz = Quiz(parsing: "---\nmode: quiz\nattempts: many\n---\n## Q1 (tricky)\nWhy?\n", file: "q.md")
        #expect(quiz.diagnostics.map(\.description) == [
            "q.md:2:1: error: `mode` must be one of practice, exam, not `quiz`",
            "q.md:3:1: error: `attempts` must be a whole number, not `many`",
            "q.md:5:1: error: unknown question setting `tricky` in Q1; use easy/medium/hard, multiple, weight N, partial, all-or-nothing, true/false, numeric, short answer or ordering",
        ])
    }

    @Test func aQuestionHeadingCanChooseItsOwnScoring() throws {
        let quiz = Quiz(parsing: """
            ---
            scoring: all-or-nothing
            ---
            ## Q1 (multiple, partial)
            Which?
            - [ ] A. One
            - [ ] B. Two
            ## Q2 (multiple, all-or-nothing)
            Which?
            - [ ] A. One
            - [ ] B. Two
            ## Q3 (multiple)
            Which?
            - [ ] A. One
            - [ ] B. Two
            """, file: "q.md")
        #expect(quiz.diagnostics.isEmpty)
        #expect(quiz.questions.map(\.scoring) == [.partial, .allOrNothing, nil])
    }

    @Test func partialScoringOnASingleAnswerQuestionIsAWarning() {
        let quiz = Quiz(parsing: "## Q1 (partial)\nWhich?\n\n- [ ] A. One\n- [ ] B. Two\n", file: "q.md")
        #expect(quiz.diagnostics.map(\.description) == [
            "q.md:1:1: warning: `partial` only changes the score of a question with several answers; add `multiple` to Q1's heading or drop `partial`",
        ])
    }

    @Test func quizIdsMustBeTypeable() {
        let quiz = Quiz(parsing: "---\nid: my quiz\n---\n## Q1\nWhy?\n", file: "q.md")
        #expect(quiz.diagnostics.map(\.description) == [
            "q.md:2:1: error: the quiz id `my quiz` may only use letters, digits, `-`, `_` and `.`; rename it (students type it)",
        ])
    }
}
