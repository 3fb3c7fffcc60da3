import Testing
@testable import LabKit

@Suite struct TerminalRendererTests {
    static let plain = TerminalRenderer(terminal: Terminal(usesColor: false, width: 30))
    static let colour = TerminalRenderer(terminal: Terminal(usesColor: true, width: 30))

    static func render(_ markdown: String, _ renderer: TerminalRenderer = plain) -> String {
        renderer.render(MarkdownParser.parse(markdown).children)
    }

    @Test func proseWrapsAtTheTerminalWidth() {
        let output = Self.render("one two three four five six seven eight nine ten eleven twelve\n")
        #expect(output == "one two three four five six\nseven eight nine ten eleven\ntwelve\n")
    }

    @Test func wideCharactersCountAsTwoColumns() {
        #expect(StyledText.width("日本") == 4)
        #expect(StyledText.width("café") == 4)
    }

    @Test func plainOutputHasNoEscapesAndColourOutputHas() {
        let markdown = "# Title\n\nSome **bold** and `code`.\n"
        #expect(!Self.render(markdown).contains("\u{1B}"))
        #expect(Self.render(markdown, Self.colour).contains("\u{1B}[1m"))
    }

    @Test func tablesAreAlignedByColumn() {
        let output = Self.render("| name | n |\n|:----:|--:|\n| a | 1 |\n| long | 100 |\n")
        #expect(output == """
            name │   n
            ─────┼────
             a   │   1
            long │ 100

            """)
    }

    @Test func listsShowTaskBoxesAndNumbers() {
        let output = Self.render("1. one\n2. two\n\n- [ ] open\n- [x] done\n")
        #expect(output == "1. one\n2. two\n\n- [ ] open\n- [x] done\n")
    }

    @Test func linksShowTheirURLOnceAndImagesTheirSource() {
        #expect(Self.render("[docs](https://x.org) https://y.org\n") == "docs (https://x.org)\nhttps://y.org\n")
        #expect(Self.render("![a chart](c.png)\n") == "[image: a chart] (c.png)\n")
    }

    @Test func codeBlocksCarryALabelSayingWhatHappensToThem() {
        #expect(Self.render("```python norun\nx = 1\n```\n").hasPrefix("── python · shown, not run ─"))
        #expect(Self.render("```python starter\nx = 1\n```\n").hasPrefix("── python · exercise: edit and run"))
        #expect(Self.render("```output tol=0.01\n1\n```\n").hasPrefix("── expected output (numbers ±0.01)"))
        #expect(Self.render("```python\nx = 1\n```\n").contains("\nx = 1\n"))
    }

    @Test func pythonIsColouredOnlyWithColour() {
        var highlighter = PythonHighlighter()
        let terminal = Terminal(usesColor: true, width: 80)
        #expect(highlighter.highlight("for x in y: # loop", on: terminal)
                == "\u{1B}[35mfor\u{1B}[0m x \u{1B}[35min\u{1B}[0m y: \u{1B}[2m# loop\u{1B}[0m")
        #expect(highlighter.highlight("s = '''open", on: terminal).contains("\u{1B}[32m'''open\u{1B}[0m"))
        #expect(highlighter.highlight("still # in string'''", on: terminal) == "\u{1B}[32mstill # in string'''\u{1B}[0m")
        var plain = PythonHighlighter()
        #expect(plain.highlight("for x in y:", on: Terminal(usesColor: false, width: 80)) == "for x in y:")
    }

    @Test func hintsAndQuotesGetABar() {
        #expect(Self.render("> Hint: try it\n") == "│ Hint: try it\n")
        #expect(Self.render("> Hint: try it\n", Self.colour).contains("\u{1B}[33m"))
    }

    @Test func aStepRendersItsHeadingAndQuizSection() throws {
        let lab = Lab(parsing: "# L\n\n## Step 1: A\n\nText.\n\n## Step 2: B\n\n### Quiz for Step 1\n\n- Why?\n", file: "l.md")
        let step = try #require(lab.step(1))
        #expect(Self.plain.render(step: step, of: lab) == "Step 1: A\n─────────\n\nText.\n\nQuiz for Step 1\n\n- Why?\n")
    }
}
