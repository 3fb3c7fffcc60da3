import CCmarkGFM

/// Parses GitHub-flavoured Markdown (tables, strikethrough, task lists, autolinks) with
/// cmark-gfm into an immutable `MarkdownNode` tree.
///
/// The C tree is walked once with cmark's iterator (ENTER/EXIT events, no recursion) and every
/// C handle (parser, document, iterator) is freed before `parse` returns.
public enum MarkdownParser {
    /// Nesting deeper than this many levels (block quotes in lists in block quotes…) is flattened:
    /// the deeper nodes' children are attached to the deepest allowed node, so their text stays.
    public static let maximumDepth = 64

    /// The GFM extensions every document is parsed with.
    static let extensionNames = ["table", "strikethrough", "tasklist", "autolink"]

    /// Registers cmark-gfm's core extensions once per process.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Parses `text` (already normalised by `SourceText`, or any string) into a document node.
    /// Never fails: cmark-gfm accepts every input.
    public static func parse(_ text: String) -> MarkdownNode {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else {
            return MarkdownNode(kind: .document, position: .start)
        }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            return MarkdownNode(kind: .document, position: .start)
        }
        defer { cmark_node_free(document) }
        return convert(document)
    }

    /// A node being built: its data and the children collected so far.
    private struct Frame {
        var kind: MarkdownNode.Kind
        var position: SourcePosition
        var end: SourcePosition
        var children: [MarkdownNode] = []
        /// Set for nodes past `maximumDepth`: on exit their children go to the parent.
        var flattened = false
    }

    private static func convert(_ document: OpaquePointer) -> MarkdownNode {
        guard let iterator = cmark_iter_new(document) else {
            return MarkdownNode(kind: .document, position: .start)
        }
        defer { cmark_iter_free(iterator) }
        var stack: [Frame] = []
        var result = MarkdownNode(kind: .document, position: .start)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                let inherited = stack.last?.position ?? .start
                var position = SourcePosition(line: Int(cmark_node_get_start_line(node)),
                                              column: Int(cmark_node_get_start_column(node)))
                if position.line <= 0 { position = inherited }
                if position.column <= 0 { position.column = 1 }
                var end = SourcePosition(line: Int(cmark_node_get_end_line(node)),
                                         column: Int(cmark_node_get_end_column(node)))
                if end.line <= 0 || end < position { end = position }
                let kind = self.kind(of: node)
                if isLeaf(node) {
                    let leaf = MarkdownNode(kind: kind, position: position, end: end)
                    if stack.isEmpty { result = leaf } else { stack[stack.count - 1].children.append(leaf) }
                } else {
                    var frame = Frame(kind: kind, position: position, end: end)
                    frame.flattened = stack.count >= maximumDepth
                    stack.append(frame)
                }
            } else if event == CMARK_EVENT_EXIT {
                guard let frame = stack.popLast() else { continue }
                if frame.flattened, !stack.isEmpty {
                    stack[stack.count - 1].children.append(contentsOf: frame.children)
                    continue
                }
                let built = MarkdownNode(kind: frame.kind, position: frame.position, end: frame.end,
                                         children: frame.children)
                if stack.isEmpty { result = built } else { stack[stack.count - 1].children.append(built) }
            }
        }
        return result
    }

    /// Nodes cmark's iterator enters but never exits (they cannot have children).
    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
             CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)),
                         tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM:
            if string(cmark_node_get_type_string(node)) == "tasklist" {
                return .item(task: cmark_gfm_extensions_get_tasklist_item_checked(node))
            }
            return .item(task: nil)
        case CMARK_NODE_CODE_BLOCK:
            var length: Int32 = 0, offset: Int32 = 0
            var fence: CChar = 0
            let fenced = cmark_node_get_fenced(node, &length, &offset, &fence) != 0
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), code: string(cmark_node_get_literal(node)),
                              fenced: fenced)
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: return .html(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            return extensionKind(of: node)
        }
    }

    /// Table and strikethrough nodes have types registered at run time; they are named by their
    /// type string (Debian's headers do not export the constants).
    private static func extensionKind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let name = string(cmark_node_get_type_string(node))
        switch name {
        case "table":
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            var alignments: [MarkdownNode.Alignment] = []
            if let raw = cmark_gfm_extensions_get_table_alignments(node) {
                for column in 0..<columns {
                    switch raw[column] {
                    case UInt8(ascii: "l"): alignments.append(.left)
                    case UInt8(ascii: "c"): alignments.append(.center)
                    case UInt8(ascii: "r"): alignments.append(.right)
                    default: alignments.append(.none)
                    }
                }
            } else {
                alignments = Array(repeating: .none, count: columns)
            }
            return .table(alignments: alignments)
        case "table_header": return .tableHeader
        case "table_row":
            return cmark_gfm_extensions_get_table_row_is_header(node) != 0 ? .tableHeader : .tableRow
        case "table_cell": return .tableCell
        case "strikethrough": return .strikethrough
        default: return .other(name)
        }
    }
}
