import Foundation
import Testing
@testable import LabKit

/// One lab that uses every feature, compared with checked-in golden files: a readable dump of
/// the lab model and the Markdown tree, and the plain terminal rendering.
/// Regenerate with `LABRUN_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
@Suite struct GoldenTests {
    static let folder = FixtureFiles.root.appendingPathComponent("Golden")

    static func lab() throws -> Lab {
        try Lab(contentsOf: folder.appendingPathComponent("Everything.md"), displayPath: "Everything.md")
    }

    @Test func labModelAndMarkdownTreeMatchTheGoldenDump() throws {
        let lab = try Self.lab()
        let actual = LabOutline.dump(lab) + "\n\n" + lab.document.treeDump + "\n"
        let expected = try FixtureFiles.golden(Self.folder.appendingPathComponent("Everything.dump.txt"), actual: actual)
        #expect(actual == expected)
    }

    @Test func plainRenderingMatchesTheGoldenFile() throws {
        let lab = try Self.lab()
        let actual = TerminalRenderer(terminal: Terminal(usesColor: false, width: 60)).render(lab: lab)
        let expected = try FixtureFiles.golden(Self.folder.appendingPathComponent("Everything.plain.txt"), actual: actual)
        #expect(actual == expected)
        for line in actual.split(separator: "\n") where !line.hasPrefix("── ") && !line.contains("│") {
            // Prose wraps to the width; only code and tables may be wider.
            if StyledText.width(String(line)) > 60 {
                #expect(lab.document.descendants.contains {
                    if case let .codeBlock(_, code, _) = $0.kind { return code.contains(line) } else { return false }
                }, "line wider than 60 columns: \(line)")
            }
        }
    }

    @Test func colourRenderingStylesButKeepsTheText() throws {
        let lab = try Self.lab()
        let colour = TerminalRenderer(terminal: Terminal(usesColor: true, width: 60)).render(lab: lab)
        #expect(colour.contains("\u{1B}[35mprint\u{1B}[0m") == false)  // print is a built-in, not a keyword
        #expect(colour.contains("\u{1B}[36mprint\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[32m\"hi\"\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[2m# a comment\u{1B}[0m"))
        #expect(colour.contains("\u{1B}[9m"))  // strikethrough
        let plain = TerminalRenderer(terminal: Terminal(usesColor: false, width: 60)).render(lab: lab)
        #expect(!plain.contains("\u{1B}"))
    }

    @Test func jsonHasStepsBlocksAndPositions() throws {
        let lab = try Self.lab()
        let data = try JSONEncoder().encode(LabJSON.object(lab))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["id"] as? String == "everything")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["number"] as? Int } == [1, 2, 3])
        let blocks = try #require(steps[1]["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "code")
        #expect(blocks.first?["first_line"] as? Int == 54)
    }
}

/// A readable outline of a lab's model (front matter, steps, blocks) for golden files.
enum LabOutline {
    static func dump(_ lab: Lab) -> String {
        var lines: [String] = []
        let front = lab.frontMatter
        lines.append("Lab id=\(front.id) title=\(MarkdownNode.quoted(front.title)) models=\(front.models) quiz=\(front.quiz ?? "-") format=\(front.format)")
        lines.append("  content_warning=\(MarkdownNode.quoted(front.contentWarning ?? ""))")
        lines.append("  diagnostics=\(lab.diagnostics.map(\.description))")
        lines.append("Introduction")
        lines += lab.introduction.map { "  " + block($0) }
        for step in lab.steps {
            lines.append("Step \(step.number) \(MarkdownNode.quoted(step.title)) @\(step.position) level=\(step.headingLevel) nodes=\(step.nodes.count)")
            lines += step.blocks.map { "  " + block($0) }
        }
        return lines.joined(separator: "\n")
    }

    static func block(_ block: Block) -> String {
        switch block {
        case let .prose(node): return "prose @\(node.position) \(node.kindSummary.prefix(60))"
        case let .code(code):
            return "code @\(code.position) first_line=\(code.firstLine) language=\(code.language) attributes=\(code.attributes) role=\(code.role.rawValue) \(MarkdownNode.quoted(code.source))"
        case let .output(output):
            return "output @\(output.position) first_line=\(output.firstLine) tolerance=\(output.tolerance.map { "\($0)" } ?? "-") \(MarkdownNode.quoted(output.text))"
        case let .question(question):
            let options = question.options.map { "\($0.letter)\($0.letterWritten ? "" : "*")=\(MarkdownNode.quoted($0.text))" }
            return "question \(question.reference) @\(question.position) \(MarkdownNode.quoted(question.stem)) options=[\(options.joined(separator: ", "))]"
        case let .hint(hint): return "hint @\(hint.position) \(MarkdownNode.quoted(hint.text))"
        }
    }
}
