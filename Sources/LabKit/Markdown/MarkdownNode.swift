/// One node of a parsed GitHub-flavoured Markdown document: an immutable value with its kind,
/// where it starts and ends in the source, and its children.
///
/// Built by `MarkdownParser` from cmark-gfm's tree; nesting deeper than
/// `MarkdownParser.maximumDepth` is flattened into the deepest allowed node, so walking,
/// comparing or freeing a tree never recurses without bound.
public struct MarkdownNode: Sendable, Hashable {
    /// How a table column is aligned.
    public enum Alignment: String, Sendable, Hashable, Codable {
        /// No alignment given (`---`).
        case none
        /// `:--`.
        case left
        /// `:-:`.
        case center
        /// `--:`.
        case right
    }

    /// What a node is, with the data that belongs to that kind.
    public enum Kind: Sendable, Hashable {
        /// The root.
        case document
        /// `> quoted`.
        case blockQuote
        /// A bullet (`ordered == false`) or ordered list; `start` is the first number; `tight` when
        /// items are not separated by blank lines.
        case list(ordered: Bool, start: Int, tight: Bool)
        /// A list item; `task` is nil for plain items, else whether its box is checked.
        case item(task: Bool?)
        /// A code block: the info string (`python norun`), the code (ending in a newline), and
        /// whether it is fenced (the code then starts on the line after `position`).
        case codeBlock(info: String, code: String, fenced: Bool)
        /// Raw HTML block.
        case htmlBlock(String)
        /// A paragraph.
        case paragraph
        /// `#`…`######` or setext heading, level 1…6.
        case heading(level: Int)
        /// `---`.
        case thematicBreak
        /// A GFM table with one alignment per column.
        case table(alignments: [Alignment])
        /// The header row of a table.
        case tableHeader
        /// A body row of a table.
        case tableRow
        /// One cell.
        case tableCell
        /// Literal text.
        case text(String)
        /// A line break in the source that is not a hard break.
        case softBreak
        /// A hard line break.
        case lineBreak
        /// `inline code`.
        case code(String)
        /// Raw inline HTML.
        case html(String)
        /// *emphasis*.
        case emphasis
        /// **strong**.
        case strong
        /// ~~strikethrough~~.
        case strikethrough
        /// `[text](destination "title")` or an autolink.
        case link(destination: String, title: String)
        /// `![alt](source "title")`; the alt text is the children.
        case image(source: String, title: String)
        /// A node kind this layer does not model (its cmark type name).
        case other(String)
    }

    /// The kind and its data.
    public let kind: Kind
    /// Where the node starts (line 0 when cmark-gfm gives no position: then the parent's).
    public let position: SourcePosition
    /// Where the node ends (inclusive), as cmark-gfm reports it.
    public let end: SourcePosition
    /// The child nodes, in document order.
    public let children: [MarkdownNode]

    /// A node; the parser builds these, tests may too.
    public init(kind: Kind, position: SourcePosition, end: SourcePosition? = nil, children: [MarkdownNode] = []) {
        self.kind = kind
        self.position = position
        self.end = end ?? position
        self.children = children
    }

    /// Whether this is a block-level node (paragraph, list, heading, ...), as opposed to inline text.
    public var isBlock: Bool {
        switch kind {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .paragraph, .heading,
             .thematicBreak, .table, .tableHeader, .tableRow, .tableCell:
            return true
        case .text, .softBreak, .lineBreak, .code, .html, .emphasis, .strong, .strikethrough, .link, .image, .other:
            return false
        }
    }

    /// The text a reader sees, without markup: soft breaks become spaces, hard breaks newlines,
    /// blocks are separated by newlines. Iterative, so it is safe on any tree.
    public var plainText: String { text(softBreak: " ") }

    /// The text a reader sees, with soft line breaks written as `softBreak` (`"\n"` keeps the
    /// source's lines, which `Answer: B` / `Reveal: never` fields rely on).
    public func text(softBreak: String) -> String {
        var output = ""
        // (node, entering): a depth-first walk with an explicit stack.
        var stack: [(MarkdownNode, Bool)] = [(self, true)]
        while let (node, entering) = stack.popLast() {
            if !entering {
                if node.isBlock, node.kind != .tableCell, !output.isEmpty, !output.hasSuffix("\n") { output += "\n" }
                if node.kind == .tableCell { output += " " }
                continue
            }
            switch node.kind {
            case let .text(text), let .code(text): output += text
            case .softBreak: output += softBreak
            case .lineBreak: output += "\n"
            case let .codeBlock(_, code, _): output += code
            default: break
            }
            stack.append((node, false))
            for child in node.children.reversed() { stack.append((child, true)) }
        }
        while output.hasSuffix("\n") || output.hasSuffix(" ") { output.removeLast() }
        return output
    }

    /// Every node of this subtree in document order (pre-order), this node first.
    public var descendants: [MarkdownNode] {
        var result: [MarkdownNode] = []
        var stack: [MarkdownNode] = [self]
        while let node = stack.popLast() {
            result.append(node)
            stack.append(contentsOf: node.children.reversed())
        }
        return result
    }
}
