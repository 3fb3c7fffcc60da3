/// One block of a lab's introduction or step, in file order.
public enum Block: Sendable, Hashable {
    /// Text, headings, lists, tables, images: shown as they are.
    case prose(MarkdownNode)
    /// A fenced code block (run, shown, starter or check: see `CodeBlock.Role`).
    case code(CodeBlock)
    /// A ` ```output ` block: the expected output of the python block before it.
    case output(ExpectedOutput)
    /// A question under a `Quiz for Step N` heading.
    case question(Question)
    /// A `> Hint: …` block quote.
    case hint(Hint)

    /// Where the block starts in the file.
    public var position: SourcePosition {
        switch self {
        case let .prose(node): return node.position
        case let .code(code): return code.position
        case let .output(output): return output.position
        case let .question(question): return question.position
        case let .hint(hint): return hint.position
        }
    }
}
