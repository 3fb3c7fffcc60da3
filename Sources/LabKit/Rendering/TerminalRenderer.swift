import Foundation

/// Renders labs and Markdown for a terminal: headings, emphasis, lists and task lists, aligned
/// tables, block quotes and hints, links as text plus URL, and code blocks with a language label
/// and light python colouring, wrapped to the terminal's width.
///
/// Colours and styles appear only when `terminal.usesColor` (a TTY without `NO_COLOR` or
/// `--plain`); the plain output has the same layout without escape codes.
public struct TerminalRenderer: Sendable {
    /// Where the text goes: colour and width.
    public let terminal: Terminal

    /// A renderer for `terminal`.
    public init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// The whole lab: its content warning, if any, then the document.
    public func render(lab: Lab) -> String {
        var lines: [String] = []
        if let warning = lab.frontMatter.contentWarning {
            lines += contentWarning(warning)
            lines.append("")
        }
        var nodes = lab.document.children
        if !nodes.contains(where: { if case .heading(1) = $0.kind { return true } else { return false } }) {
            nodes.insert(MarkdownNode(kind: .heading(level: 1), position: .start,
                                      children: [MarkdownNode(kind: .text(lab.title), position: .start)]), at: 0)
        }
        lines += blocks(nodes, width: terminal.width)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One step of `lab` (its heading, content and quiz section), after the lab's content warning.
    public func render(step: Step, of lab: Lab) -> String {
        var lines: [String] = []
        if let warning = lab.frontMatter.contentWarning {
            lines += contentWarning(warning)
            lines.append("")
        }
        lines += blocks(step.nodes, width: terminal.width)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Any Markdown nodes (block-level), e.g. a quiz question's stem.
    public func render(_ nodes: [MarkdownNode]) -> String {
        blocks(nodes, width: terminal.width).joined(separator: "\n") + "\n"
    }

    /// A note in the renderer's style (dim), wrapped to the terminal's width.
    public func render(note: String) -> String {
        var styled = StyledText()
        styled.append(note, [.dim])
        return styled.wrapped(width: terminal.width, on: terminal).joined(separator: "\n") + "\n"
    }

    private func contentWarning(_ text: String) -> [String] {
        var styled = StyledText()
        styled.append("Content warning:", [.bold, .yellow])
        styled.append(" " + text)
        return styled.wrapped(width: terminal.width, on: terminal)
    }

    // MARK: - Blocks

    /// Blocks separated by blank lines (`tight` lists keep their paragraphs together).
    private func blocks(_ nodes: [MarkdownNode], width: Int, tight: Bool = false) -> [String] {
        var lines: [String] = []
        for node in nodes {
            let rendered = block(node, width: max(10, width))
            guard !rendered.isEmpty else { continue }
            if !lines.isEmpty, !tight { lines.append("") }
            lines += rendered
        }
        return lines
    }

    private func block(_ node: MarkdownNode, width: Int) -> [String] {
        switch node.kind {
        case .document:
            return blocks(node.children, width: width)
        case let .heading(level):
            return heading(node, level: level, width: width)
        case .paragraph:
            return inlineText(node).wrapped(width: width, on: terminal)
        case .blockQuote:
            return blockQuote(node, width: width)
        case let .list(ordered, start, tight):
            return list(node, ordered: ordered, start: start, tight: tight, width: width)
        case .item:
            return blocks(node.children, width: width)
        case let .codeBlock(info, code, _):
            return codeBlock(info: info, code: code, width: width)
        case let .htmlBlock(html):
            return html.split(separator: "\n", omittingEmptySubsequences: false).dropLast(html.hasSuffix("\n") ? 1 : 0)
                .map { TerminalStyle.dim.apply(String($0), on: terminal) }
        case .thematicBreak:
            return [TerminalStyle.dim.apply(String(repeating: "─", count: min(width, 60)), on: terminal)]
        case .table:
            return table(node)
        default:
            // Inline content at block level (not produced by cmark-gfm, but harmless).
            var styled = StyledText()
            inline(node, [], into: &styled)
            return styled.wrapped(width: width, on: terminal)
        }
    }

    private func heading(_ node: MarkdownNode, level: Int, width: Int) -> [String] {
        var styled = StyledText()
        for child in node.children { inline(child, level <= 2 ? [.bold, .cyan] : [.bold], into: &styled) }
        let lines = styled.wrapped(width: width, on: terminal)
        guard level <= 2 else { return lines }
        let underline = min(width, lines.map { StyledText.width(styled.plain.isEmpty ? "" : stripEscapes($0)) }.max() ?? 0)
        let rule = String(repeating: level == 1 ? "═" : "─", count: max(1, underline))
        return lines + [TerminalStyle.cyan.apply(rule, on: terminal)]
    }

    private func blockQuote(_ node: MarkdownNode, width: Int) -> [String] {
        let isHint = Hint(node) != nil
        let bar = TerminalStyle.dim.apply("│ ", on: terminal)
        var inner = blocks(node.children, width: width - 2)
        if isHint, let first = inner.first, let range = first.range(of: "Hint:") ?? first.range(of: "hint:") {
            inner[0] = first.replacingCharacters(in: range, with: TerminalStyle.yellow.apply(TerminalStyle.bold.apply("Hint:", on: terminal), on: terminal))
        }
        return inner.map { $0.isEmpty ? TerminalStyle.dim.apply("│", on: terminal) : bar + $0 }
    }

    private func list(_ node: MarkdownNode, ordered: Bool, start: Int, tight: Bool, width: Int) -> [String] {
        var lines: [String] = []
        let lastNumber = start + max(0, node.children.count - 1)
        let numberWidth = String(lastNumber).count
        for (index, item) in node.children.enumerated() {
            var marker: String
            if ordered {
                let number = String(start + index)
                marker = String(repeating: " ", count: numberWidth - number.count) + number + ". "
            } else {
                marker = terminal.usesColor ? "• " : "- "
            }
            if case let .item(task?) = item.kind {
                marker += task ? "[x] " : "[ ] "
            }
            let indent = String(repeating: " ", count: StyledText.width(marker))
            let content = blocks(item.children, width: width - indent.count, tight: tight)
            if !lines.isEmpty, !tight { lines.append("") }
            let styledMarker = TerminalStyle.dim.apply(marker, on: terminal)
            if content.isEmpty { lines.append(styledMarker) }
            for (offset, line) in content.enumerated() {
                lines.append(offset == 0 ? styledMarker + line : (line.isEmpty ? "" : indent + line))
            }
        }
        return lines
    }

    private func codeBlock(info: String, code: String, width: Int) -> [String] {
        let (language, attributes) = CodeBlock.parseInfo(info)
        let label: String
        if language == "output" {
            let tolerance = attributes.first { $0.hasPrefix("tol=") || $0.hasPrefix("tolerance=") }
                .map { " (numbers ±" + ($0.split(separator: "=", maxSplits: 1).last.map(String.init) ?? "") + ")" } ?? ""
            label = "expected output" + tolerance
        } else if CodeBlock.pythonNames.contains(language) {
            if attributes.contains("norun") {
                label = "python · shown, not run"
            } else if attributes.contains("starter") {
                label = "python · exercise: edit and run"
            } else if attributes.contains("check") {
                label = "python · check"
            } else {
                label = "python"
            }
        } else {
            label = language.isEmpty ? "code" : language
        }
        var body = code
        if body.hasSuffix("\n") { body.removeLast() }
        let codeLines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ruleWidth = min(width, max(label.count + 4, codeLines.map { StyledText.width($0) }.max() ?? 0, 20))
        let top = "── " + label + " " + String(repeating: "─", count: max(1, ruleWidth - label.count - 4))
        var lines = [TerminalStyle.dim.apply(top, on: terminal)]
        var highlighter = PythonHighlighter()
        let isPython = CodeBlock.pythonNames.contains(language)
        for line in codeLines {
            lines.append(isPython ? highlighter.highlight(line, on: terminal) : line)
        }
        lines.append(TerminalStyle.dim.apply(String(repeating: "─", count: ruleWidth), on: terminal))
        return lines
    }

    private func table(_ node: MarkdownNode) -> [String] {
        guard case let .table(alignments) = node.kind else { return [] }
        let rows = node.children.map { row in row.children.map { cell -> StyledText in
            var styled = StyledText()
            for child in cell.children { inline(child, row.kind == .tableHeader ? [.bold] : [], into: &styled) }
            return styled
        } }
        let columns = max(alignments.count, rows.map(\.count).max() ?? 0)
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], StyledText.width(cell.plain)) }
        }
        var lines: [String] = []
        let separator = TerminalStyle.dim.apply(" │ ", on: terminal)
        for (rowIndex, row) in rows.enumerated() {
            var cells: [String] = []
            for column in 0..<columns {
                let cell = column < row.count ? row[column] : StyledText()
                let padding = widths[column] - StyledText.width(cell.plain)
                let alignment = column < alignments.count ? alignments[column] : .none
                let text = cell.styled(on: terminal)
                switch alignment {
                case .right: cells.append(String(repeating: " ", count: padding) + text)
                case .center:
                    cells.append(String(repeating: " ", count: padding / 2) + text
                                 + String(repeating: " ", count: padding - padding / 2))
                case .left, .none: cells.append(text + String(repeating: " ", count: padding))
                }
            }
            var line = cells.joined(separator: separator)
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
            if rowIndex == 0, node.children.first?.kind == .tableHeader {
                lines.append(TerminalStyle.dim.apply(
                    widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─"), on: terminal))
            }
        }
        return lines
    }

    // MARK: - Inline

    private func inlineText(_ node: MarkdownNode) -> StyledText {
        var styled = StyledText()
        for child in node.children { inline(child, [], into: &styled) }
        return styled
    }

    private func inline(_ node: MarkdownNode, _ styles: [TerminalStyle], into styled: inout StyledText) {
        switch node.kind {
        case let .text(text):
            styled.append(text, styles)
        case .softBreak:
            styled.append(" ", styles)
        case .lineBreak:
            styled.append("\n", styles)
        case let .code(code):
            styled.append(terminal.usesColor ? code : "`" + code + "`", styles + [.cyan])
        case let .html(html):
            styled.append(html, styles + [.dim])
        case .emphasis:
            // Without colour the emphasis stays visible as Markdown writes it.
            if !terminal.usesColor { styled.append("*", styles) }
            for child in node.children { inline(child, styles + [.italic], into: &styled) }
            if !terminal.usesColor { styled.append("*", styles) }
        case .strong:
            if !terminal.usesColor { styled.append("**", styles) }
            for child in node.children { inline(child, styles + [.bold], into: &styled) }
            if !terminal.usesColor { styled.append("**", styles) }
        case .strikethrough:
            if !terminal.usesColor { styled.append("~~", styles) }
            for child in node.children { inline(child, styles + [.strikethrough], into: &styled) }
            if !terminal.usesColor { styled.append("~~", styles) }
        case let .link(destination, _):
            let text = node.plainText
            for child in node.children { inline(child, styles + [.underline, .blue], into: &styled) }
            if text != destination, !destination.isEmpty, !destination.hasPrefix("#") {
                styled.append(" (" + destination + ")", styles + [.dim])
            }
        case let .image(source, _):
            let alt = node.plainText
            styled.append("[image: " + (alt.isEmpty ? source : alt) + "]", styles + [.magenta])
            styled.append(" (" + source + ")", styles + [.dim])
        default:
            for child in node.children { inline(child, styles, into: &styled) }
        }
    }

    private func stripEscapes(_ text: String) -> String {
        var result = ""
        var inEscape = false
        for character in text {
            if character == "\u{1B}" { inEscape = true; continue }
            if inEscape { if character == "m" { inEscape = false }; continue }
            result.append(character)
        }
        return result
    }
}
