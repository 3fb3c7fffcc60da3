extension MarkdownNode {
    /// A readable, line-per-node dump of the tree with positions, used by golden tests and
    /// `--json`'s human cousin:
    ///
    ///     Document @1:1-3:5
    ///     └─ Heading(level: 1) @1:1-1:7
    ///        └─ Text "Title" @1:3-1:7
    public var treeDump: String {
        var lines: [String] = []
        // (node, prefix for its own line, prefix for its children's lines)
        var stack: [(MarkdownNode, String, String)] = [(self, "", "")]
        while let (node, own, childPrefix) = stack.popLast() {
            lines.append(own + node.kindSummary + " @\(node.position)-\(node.end)")
            let count = node.children.count
            for (index, child) in node.children.enumerated().reversed() {
                let last = index == count - 1
                stack.append((child, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  ")))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The node's kind with its data, on one line: `CodeBlock(info: "python") "print(1)\n"`.
    public var kindSummary: String {
        switch kind {
        case .document: return "Document"
        case .blockQuote: return "BlockQuote"
        case let .list(ordered, start, tight):
            return ordered ? "OrderedList(start: \(start), tight: \(tight))" : "BulletList(tight: \(tight))"
        case let .item(task):
            switch task {
            case .none: return "Item"
            case .some(true): return "TaskItem(checked)"
            case .some(false): return "TaskItem(unchecked)"
            }
        case let .codeBlock(info, code, fenced):
            return (fenced ? "FencedCode" : "IndentedCode") + "(info: \(Self.quoted(info))) \(Self.quoted(code))"
        case let .htmlBlock(html): return "HTMLBlock \(Self.quoted(html))"
        case .paragraph: return "Paragraph"
        case let .heading(level): return "Heading(level: \(level))"
        case .thematicBreak: return "ThematicBreak"
        case let .table(alignments): return "Table(\(alignments.map(\.rawValue).joined(separator: ", ")))"
        case .tableHeader: return "TableHeader"
        case .tableRow: return "TableRow"
        case .tableCell: return "TableCell"
        case let .text(text): return "Text \(Self.quoted(text))"
        case .softBreak: return "SoftBreak"
        case .lineBreak: return "LineBreak"
        case let .code(code): return "InlineCode \(Self.quoted(code))"
        case let .html(html): return "InlineHTML \(Self.quoted(html))"
        case .emphasis: return "Emphasis"
        case .strong: return "Strong"
        case .strikethrough: return "Strikethrough"
        case let .link(destination, title):
            return "Link(destination: \(Self.quoted(destination))\(title.isEmpty ? "" : ", title: \(Self.quoted(title))"))"
        case let .image(source, title):
            return "Image(source: \(Self.quoted(source))\(title.isEmpty ? "" : ", title: \(Self.quoted(title))"))"
        case let .other(name): return "Other(\(name))"
        }
    }

    /// `text` in double quotes with newlines, tabs, quotes and backslashes escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
