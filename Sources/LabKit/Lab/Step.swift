/// One step of a lab: from a `Step N: title` heading to the next step heading, plus the
/// blocks under its `Quiz for Step N` heading wherever that is.
public struct Step: Sendable, Hashable {
    /// The number the student types (`labrun step 2`).
    public let number: Int
    /// The title after `Step N:`.
    public let title: String
    /// Where the step heading is.
    public let position: SourcePosition
    /// The step's heading level (1…6).
    public let headingLevel: Int
    /// The Markdown nodes of the step in file order, its heading first (for rendering).
    public let nodes: [MarkdownNode]
    /// The step's blocks in file order (prose, code, outputs, questions, hints), heading excluded.
    public let blocks: [Block]

    /// A step.
    public init(number: Int, title: String, position: SourcePosition, headingLevel: Int, nodes: [MarkdownNode],
                blocks: [Block]) {
        self.number = number
        self.title = title
        self.position = position
        self.headingLevel = headingLevel
        self.nodes = nodes
        self.blocks = blocks
    }

    /// Every code block of the step in order (executable, shown and starter).
    public var codeBlocks: [CodeBlock] {
        blocks.compactMap { if case let .code(code) = $0 { return code } else { return nil } }
    }

    /// The code `labrun step` runs: the `python` blocks (not `norun`, not `starter`), in order.
    public var executableCode: [CodeBlock] {
        codeBlocks.filter { $0.role == .executable }
    }

    /// The exercise starter blocks (` ```python starter `), in order.
    public var starterCode: [CodeBlock] {
        codeBlocks.filter { $0.role == .starter }
    }

    /// The questions of the step's quiz section, in order.
    public var questions: [Question] {
        blocks.compactMap { if case let .question(question) = $0 { return question } else { return nil } }
    }

    /// The hints, in the order they are revealed.
    public var hints: [Hint] {
        blocks.compactMap { if case let .hint(hint) = $0 { return hint } else { return nil } }
    }

    /// Each executable or starter block paired with the `output` block that follows it, if any.
    public var expectedOutputs: [(code: CodeBlock, output: ExpectedOutput?)] {
        var result: [(code: CodeBlock, output: ExpectedOutput?)] = []
        for block in blocks {
            switch block {
            case let .code(code) where code.role == .executable || code.role == .starter:
                result.append((code, nil))
            case let .output(output):
                if let last = result.last, last.output == nil {
                    result[result.count - 1].output = output
                }
            default:
                break
            }
        }
        return result
    }
}
