import Testing
@testable import LabKit

@Suite struct LabTests {
    static let text = """
        ---
        id: demo
        title: A demo lab
        models: [bert-base-uncased]
        quiz: demo
        content_warning: Model outputs may be offensive.
        ---

        # A demo lab

        Welcome.

        ## Step 1: Run something

        ```python
        print(1 + 1)
        ```

        ```output
        2
        ```

        ## Step 2: Look closer

        ```python norun
        import torch
        ```

        ```python starter
        words = []
        ```

        ```output tol=0.01
        0.5
        ```

        > Hint: Start small.

        ### Quiz for Step 2

        - Where is the bias?
        - Which is it?
          - [ ] A. this
          - [ ] B. that
        """

    @Test func frontMatterFieldsAreRead() {
        let lab = Lab(parsing: Self.text, file: "Labs/demo.md")
        #expect(lab.diagnostics.isEmpty)
        #expect(lab.id == "demo")
        #expect(lab.title == "A demo lab")
        #expect(lab.frontMatter.models == ["bert-base-uncased"])
        #expect(lab.frontMatter.quiz == "demo")
        #expect(lab.frontMatter.contentWarning == "Model outputs may be offensive.")
        #expect(lab.frontMatter.format == 1)
    }

    @Test func stepsAreNumberedAndTitled() {
        let lab = Lab(parsing: Self.text, file: "Labs/demo.md")
        #expect(lab.steps.map(\.number) == [1, 2])
        #expect(lab.steps.map(\.title) == ["Run something", "Look closer"])
        #expect(lab.introductionNodes.count == 2)
    }

    @Test func codeBlocksKeepTheirRoleAndFirstLine() throws {
        let lab = Lab(parsing: Self.text, file: "Labs/demo.md")
        let first = try #require(lab.step(1))
        #expect(first.executableCode.map(\.source) == ["print(1 + 1)"])
        #expect(first.executableCode.first?.firstLine == 16)
        #expect(first.expectedOutputs.first?.output?.text == "2")
        let second = try #require(lab.step(2))
        #expect(second.codeBlocks.map(\.role) == [.shown, .starter])
        #expect(second.starterCode.first?.source == "words = []")
        #expect(second.expectedOutputs.first?.output?.tolerance == 0.01)
        #expect(second.hints.map(\.text) == ["Start small."])
    }

    @Test func quizSectionBulletsAreQuestions() throws {
        let lab = Lab(parsing: Self.text, file: "Labs/demo.md")
        let questions = try #require(lab.step(2)).questions
        #expect(questions.map(\.reference.description) == ["Step 2 Q1", "Step 2 Q2"])
        #expect(questions[0].stem == "Where is the bias?")
        #expect(!questions[0].isMultipleChoice)
        #expect(questions[1].stem == "Which is it?")
        #expect(questions[1].options.map(\.letter) == ["A", "B"])
    }

    @Test func withoutFrontMatterTheFileGivesIdAndTitle() {
        let lab = Lab(parsing: "# Counting words\n\n## Step 1: Count\n\nText.\n", file: "/tmp/Labs/words.md")
        #expect(lab.id == "words")
        #expect(lab.title == "Counting words")
        #expect(lab.steps.count == 1)
    }

    @Test(arguments: [
        ("Step 1: Why", 1, "Why"), ("Step 12 - Dash", 12, "Dash"), ("step 3", 3, ""), ("Step 4. Dot", 4, "Dot"),
    ])
    func stepHeadingsAreRecognised(text: String, number: Int, title: String) throws {
        let heading = try #require(LabSections.stepHeading(text))
        #expect(heading.number == number)
        #expect(heading.title == title)
    }

    @Test(arguments: ["Steps 1: no", "Step one: no", "Step 1x", "Stepping 2", "Step"])
    func otherHeadingsAreNotSteps(text: String) {
        #expect(LabSections.stepHeading(text) == nil)
    }

    @Test func crlfBomAndInvalidUTF8AreNormalised() {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("---\r\nid: x\r\n---\r\n## Step 1: A \u{00E9}\r\n\r\nbad ".utf8) + [0xFF, 0xFE] + Array("\r\n".utf8)
        let text = SourceText.normalize(bytes)
        #expect(!text.contains("\r"))
        #expect(text.hasPrefix("---\nid: x"))
        #expect(text.contains("bad \u{FFFD}\u{FFFD}"))
        let lab = Lab(parsing: text, file: "x.md")
        #expect(lab.id == "x")
        #expect(lab.steps.first?.position.line == 4)
    }

    @Test func brokenFrontMatterIsADiagnosticNotACrash() {
        let lab = Lab(parsing: "---\nid: [unclosed\n---\n# T\n", file: "b.md")
        #expect(lab.diagnostics.count == 1)
        #expect(lab.diagnostics.first?.severity == .error)
        #expect(lab.id == "b")
        let unterminated = Lab(parsing: "---\nid: x\n# T\n", file: "u.md")
        #expect(unterminated.diagnostics.map(\.message) == [
            "the front matter starting here has no closing `---` line; add one after the last key",
        ])
    }
}
