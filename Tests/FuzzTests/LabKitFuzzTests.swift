import Foundation
import Testing
@testable import LabKit

/// Seeded random and mutated Markdown through every LabKit entry point (lab, quiz and
/// answer-key parsers, the linter, the renderer, JSON): nothing may crash or take long.
/// Short by default; `LABRUN_FUZZ_ITERATIONS=100000` for the full run.
@Suite(.serialized) struct LabKitFuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["LABRUN_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300
    }

    /// Seed files to mutate: the golden lab, the repository's first lab, and the lint fixtures.
    static let seeds: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        var files = [
            root.appendingPathComponent("LabKitTests/Fixtures/Golden/Everything.md"),
            root.deletingLastPathComponent().appendingPathComponent("Labs/ml-bias.md"),
        ]
        let lint = root.appendingPathComponent("LabKitTests/Fixtures/Lint")
        if let enumerator = FileManager.default.enumerator(at: lint, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where url.pathExtension == "md" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }()

    /// Runs one input through everything and returns how long it took, in seconds.
    static func exercise(_ bytes: [UInt8]) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let text = SourceText.normalize(bytes)
        let lab = Lab(parsing: text, file: "fuzz.md")
        let linter = LabLinter(validateCode: { code, line in code.isEmpty ? [] : [] }, modelProblem: { _ in nil })
        _ = linter.lint(lab: lab)
        let quiz = Quiz(parsing: text, file: "Quizzes/fuzz.md")
        _ = linter.lint(quiz: quiz)
        let key = AnswerKey(parsing: text, file: "Solutions/fuzz.md")
        _ = linter.lint(answerKey: key)
        _ = TerminalRenderer(terminal: Terminal(usesColor: true, width: 40)).render(lab: lab)
        _ = TerminalRenderer(terminal: Terminal(usesColor: false, width: 20)).render(lab: lab)
        _ = try? JSONEncoder().encode(LabJSON.object(lab))
        _ = lab.document.treeDump
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func randomAndMutatedInputsNeverCrashOrStall() {
        var random = MarkdownFuzzRandom(seed: 0x1AB_2024)
        var slowest = 0.0
        for iteration in 0..<Self.iterations {
            let input: [UInt8]
            if iteration % 2 == 0 || Self.seeds.isEmpty {
                input = MarkdownFuzzGenerator.document(&random)
            } else {
                let seed = Array(Self.seeds[random.next(below: Self.seeds.count)].utf8)
                input = MarkdownFuzzGenerator.mutate(seed, &random)
            }
            let seconds = Self.exercise(input)
            slowest = max(slowest, seconds)
            #expect(seconds < 10, "input \(iteration) took \(seconds) s")
        }
        #expect(slowest < 10)
    }

    @Test func tenMegabyteLabParsesAndLints() {
        var text = "---\nid: big\n---\n# Big\n\n"
        var step = 1
        while text.utf8.count < 10_000_000 {
            text += "## Step \(step): Part \(step)\n\nSome *text* with a [link](https://example.org) and `code`.\n\n"
            text += "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(\(step))\n```\n\n```output\n\(step)\n```\n\n> Hint: look.\n\n"
            step += 1
        }
        let start = Date()
        let lab = Lab(parsing: text, file: "big.md")
        let diagnostics = LabLinter().lint(lab: lab)
        #expect(lab.steps.count == step - 1)
        #expect(diagnostics.isEmpty)
        #expect(Date().timeIntervalSince(start) < 60)
    }

    @Test func pathologicalNestingIsHandled() {
        let inputs = [
            String(repeating: "> ", count: 50_000) + "deep\n",
            (0..<1_000).map { String(repeating: " ", count: $0 * 2) + "- item\n" }.joined(),
            String(repeating: "*", count: 50_000) + "x" + String(repeating: "*", count: 50_000),
            String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000),
            String(repeating: "`", count: 100_000),
            String(repeating: "|a", count: 2_000) + "\n" + String(repeating: "|-", count: 2_000) + "\n",
            "\t\t- [ ]\t\tQ1\n" + String(repeating: "\t", count: 10_000),
        ]
        for input in inputs {
            #expect(Self.exercise(Array(input.utf8)) < 20)
        }
    }
}

/// SplitMix64: a small, seeded, repeatable random source.
struct MarkdownFuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (bound > 0).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}

/// Builds random lab-like Markdown and mutates existing files.
enum MarkdownFuzzGenerator {
    static let fragments = [
        "---\n", "id: x\n", "title: [a, b\n", "models: {a: b}\n", "quiz:\n", "format: 99\n", "# Title\n", "## Step 1: A\n",
        "## Step 2\n", "### Quiz for Step 1\n", "## Q1 (easy, weight 2)\n", "## Q2 (multiple)\n", "Answer: A, B\n",
        "Reveal: never\n", "- [ ] A. one\n", "- [x] B. two\n", "- C: feedback\n", "> Hint: h\n", "> Hint:\n",
        "```python\nprint(1)\n```\n", "```output tol=x\n1\n```\n", "```python starter\n", "```\n", "~~~\n",
        "| a | b |\n|:-|-:|\n| 1 | 2 |\n", "[link](../x.md)", "![img](a b.png)", "<div>\n", "*", "**", "~~", "`",
        "\t", "  ", "\r\n", "\r", "\n\n", "1. x\n", "   - y\n", "      > z\n", "\u{FEFF}", "日本語", "\u{0}", "\\\n",
        "https://example.org ", "www.x.org", "<!-- c -->", "***\n", "===\n", "Step 3: x\n", "[MASK]",
    ]

    static func document(_ random: inout MarkdownFuzzRandom) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<random.next(below: 60) {
            if random.next(below: 10) == 0 {
                bytes += (0..<random.next(below: 8)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes += Array(fragments[random.next(below: fragments.count)].utf8)
            }
        }
        return bytes
    }

    static func mutate(_ seed: [UInt8], _ random: inout MarkdownFuzzRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + random.next(below: 12)) {
            let position = bytes.isEmpty ? 0 : random.next(below: bytes.count)
            switch random.next(below: 6) {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                bytes.insert(contentsOf: Array(fragments[random.next(below: fragments.count)].utf8), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + random.next(below: 200))
                bytes.removeSubrange(position..<end)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + random.next(below: 400))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4:
                bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xE2, 0x82], at: position)
            default:
                bytes.insert(contentsOf: Array("\r\n".utf8), at: position)
            }
        }
        return bytes
    }
}
