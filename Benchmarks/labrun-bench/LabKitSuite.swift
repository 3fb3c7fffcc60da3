import Foundation
import LabKit

/// LabKit's speed: parsing and linting lab files as `labrun check` does (goal: 100 labs of about
/// 300 lines each in at most 100 ms).
struct LabKitSuite: BenchmarkSuite {
    let name = "labkit"
    let summary = "parse + lint 100 generated labs of ~300 lines (goal <= 100 ms)"

    func run() throws -> [BenchmarkResult] {
        let labs = (0..<100).map { Self.generatedLab(number: $0) }
        let lines = labs.map { $0.split(separator: "\n", omittingEmptySubsequences: false).count }
        let linter = LabLinter()
        var diagnostics = 0
        let parseAndLint = measureSeconds(runs: 15, warmup: 3) {
            diagnostics = 0
            for (index, text) in labs.enumerated() {
                let lab = Lab(parsing: text, file: "Labs/lab-\(index).md")
                diagnostics += linter.lint(lab: lab).count
            }
        }
        // The same work measured in this thread's CPU time: the figure to trust on a loaded
        // machine, where wall time also counts waiting for a core.
        let parseAndLintCPU = Self.measureCPUSeconds(runs: 15, warmup: 1) {
            for (index, text) in labs.enumerated() {
                _ = linter.lint(lab: Lab(parsing: text, file: "Labs/lab-\(index).md"))
            }
        }
        guard diagnostics == 0 else {
            throw BenchmarkFailure(message: "the generated labs should lint clean, got \(diagnostics) diagnostics")
        }
        let markdownOnly = measureSeconds(runs: 15, warmup: 3) {
            for text in labs { _ = MarkdownParser.parse(text) }
        }
        let renderer = TerminalRenderer(terminal: Terminal(usesColor: true, width: 100))
        let parsed = labs.enumerated().map { Lab(parsing: $1, file: "Labs/lab-\($0).md") }
        let rendering = measureSeconds(runs: 15, warmup: 3) {
            for lab in parsed { _ = renderer.render(lab: lab) }
        }
        let average = lines.reduce(0, +) / max(1, lines.count)
        return [
            .latency(suite: name, name: "parse + lint 100 labs (\(average) lines each)", seconds: parseAndLint),
            .latency(suite: name, name: "parse + lint 100 labs, thread CPU time", seconds: parseAndLintCPU),
            .latency(suite: name, name: "cmark-gfm parse only, 100 labs", seconds: markdownOnly),
            .latency(suite: name, name: "render 100 labs (colour, 100 cols)", seconds: rendering),
        ]
    }

    /// Runs `body` `runs` times after `warmup` untimed runs; returns the CPU seconds this thread
    /// spent in each run.
    static func measureCPUSeconds(runs: Int, warmup: Int, _ body: () -> Void) -> [Double] {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        for _ in 0..<warmup { body() }
        return (0..<runs).map { _ in
            let start = now()
            body()
            return now() - start
        }
    }

    /// A realistic lab of about 300 lines: every block kind, five steps, a quiz section.
    static func generatedLab(number: Int) -> String {
        var text = """
            ---
            id: generated-\(number)
            title: Generated lab \(number)
            models: [bert-base-uncased]
            ---

            # Generated lab \(number)

            This lab is generated for the benchmark. It has *emphasis*, **strong** text, `code`,
            and a [link](https://example.org/\(number)).

            """
        for step in 1...5 {
            text += """

                ## Step \(step): Part \(step) of lab \(number)

                A paragraph that explains the step in a few sentences, with *emphasis* and `inline code`.
                It continues on a second line so the paragraph wraps, and mentions https://example.org.

                - a first point about the step
                - a second point, with **strong** text
                  - a nested point
                - a third point

                | group | completion | score |
                |:------|:----------:|------:|
                | man   | lawyer     | 0.12  |
                | woman | nurse      | 0.18  |

                ```python
                from transformers import pipeline
                unmasker = pipeline("fill-mask", model="bert-base-uncased")
                result = unmasker("This person works as a [MASK].")
                print([r["token_str"] for r in result])
                ```

                ```output
                ['teacher', 'lawyer', 'doctor', 'nurse', 'waiter']
                ```

                Some more explanation after the output, so the step reads like a real one does. It
                has two lines and a final sentence.

                ```python norun
                import torch
                model.train()
                ```

                ```python starter
                pairs = [("He is a", "She is a")]
                for a, b in pairs:
                    print(a, b)
                ```

                > Hint: Change one word at a time.

                > Hint: Compare the scores, not only the words.

                1. first numbered item
                2. second numbered item
                3. third numbered item

                ### Quiz for Step \(step)

                - Where is the bias in step \(step)?
                - Which completion changes?
                  - [ ] A. the first
                  - [ ] B. the second
                  - [ ] C. none

                ---

                """
        }
        return text
    }
}

/// A benchmark that found its own inputs wrong.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
