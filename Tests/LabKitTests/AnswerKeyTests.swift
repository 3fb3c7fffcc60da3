import Testing
@testable import LabKit

@Suite struct AnswerKeyTests {
    static let text = """
        ---
        quiz: bias-basics
        lab: ml-bias
        reveal: after-pass
        ---

        ## Q1

        Answer: A
        Reveal: after-attempt

        Explanation: The model only sees text.
        It copies what the text does.

        > Hint: Where did the words come from?

        > Hint: Think of Wikipedia.

        - B: The tokenizer only splits words.

        ## Q2

        Answers: A, C

        ## Step 4

        ```python
        gap = 0.1
        ```

        ```python check
        assert gap < 0.15
        ```

        > Hint: Swap the pronouns.

        ### Q1

        Answer: B
        """

    @Test func questionKeysHaveAnswersExplanationHintsAndFeedback() throws {
        let key = AnswerKey(parsing: Self.text, file: "Solutions/bias-basics.md")
        #expect(key.diagnostics.isEmpty)
        #expect(key.quiz == "bias-basics")
        #expect(key.lab == "ml-bias")
        #expect(key.reveal == .afterPass)
        let first = try #require(key.key(for: QuestionReference(number: 1)))
        #expect(first.answers == ["A"])
        #expect(first.reveal == .afterAttempt)
        #expect(first.explanation == "The model only sees text. It copies what the text does.")
        #expect(first.hints.map(\.text) == ["Where did the words come from?", "Think of Wikipedia."])
        #expect(first.feedback(for: "b") == "The tokenizer only splits words.")
        #expect(first.answerPosition.line == 9)
        let second = try #require(key.key(for: QuestionReference(number: 2)))
        #expect(second.answers == ["A", "C"])
        #expect(second.reveal == .afterPass)
    }

    @Test func stepSectionsHoldReferenceCodeChecksAndStepQuestionKeys() throws {
        let key = AnswerKey(parsing: Self.text, file: "Solutions/bias-basics.md")
        let exercise = try #require(key.exercise(step: 4))
        #expect(exercise.referenceCode.map(\.source) == ["gap = 0.1"])
        #expect(exercise.checks.map(\.source) == ["assert gap < 0.15"])
        #expect(exercise.checks.first?.firstLine == 32)
        #expect(exercise.hints.map(\.text) == ["Swap the pronouns."])
        #expect(key.key(for: QuestionReference(step: 4, number: 1))?.answers == ["B"])
    }

    @Test func malformedAnswersAreDiagnosed() {
        let key = AnswerKey(parsing: "## Q1\nAnswer: option two\nReveal: later\n", file: "s.md")
        #expect(key.diagnostics.map(\.description) == [
            "s.md:2:1: error: `Answer:` of Q1 names `option`; write option letters, like `Answer: B` or `Answer: A, C`",
            "s.md:2:1: error: `Answer:` of Q1 names `two`; write option letters, like `Answer: B` or `Answer: A, C`",
            "s.md:3:1: error: `Reveal:` of Q1 must be one of after-attempt, after-pass, never, not `later`",
        ])
    }
}
