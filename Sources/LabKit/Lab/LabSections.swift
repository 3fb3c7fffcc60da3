import Foundation

/// Splits a lab's document into its introduction and steps, and each into blocks.
///
/// A heading `Step N: title` (any level) starts step N; `Quiz for Step N` starts a quiz
/// section whose blocks belong to step N. Inside a quiz section, each bullet is a question:
/// without a task list it is open, with one it is multiple choice. A paragraph directly followed
/// by a task list is a multiple-choice question too.
struct LabSections {
    private(set) var introduction: [Block] = []
    private(set) var introductionNodes: [MarkdownNode] = []
    private(set) var steps: [Step] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// A step being collected.
    private struct Draft {
        var number: Int
        var title: String
        var position: SourcePosition
        var level: Int
        var nodes: [MarkdownNode]
        var blocks: [Block] = []
        var questionCount = 0
    }

    /// The heading's step number and title when it reads `Step N: title` (or `Step N`).
    static func stepHeading(_ text: String) -> (number: Int, title: String)? {
        let words = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard words.count == 2, words[0].lowercased() == "step" else { return nil }
        let rest = words[1]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(digits) else { return nil }
        var title = rest.dropFirst(digits.count)
        guard title.isEmpty || [":", ".", " ", "-", "–", "—"].contains(title.first) else { return nil }
        title = title.drop { [":", ".", " ", "-", "–", "—"].contains($0) }
        return (number, String(title).trimmingCharacters(in: .whitespaces))
    }

    /// The step number when the heading reads `Quiz for Step N`.
    static func quizHeading(_ text: String) -> Int? {
        let words = text.split(separator: " ")
        guard words.count == 4, words[0].lowercased() == "quiz", words[1].lowercased() == "for",
              words[2].lowercased() == "step", words[3].count <= 6 else { return nil }
        return Int(words[3])
    }

    init(document: MarkdownNode, file: String) {
        var drafts: [Draft] = []
        // Index into `drafts` of the section nodes go to, and whether it is a quiz section.
        var current: Int?
        var inQuiz = false
        var pending: [MarkdownNode] = []

        func flush() {
            guard !pending.isEmpty else { return }
            if let index = current {
                var draft = drafts[index]
                let blocks = Self.blocks(pending, inQuiz: inQuiz, step: draft.number, questionCount: &draft.questionCount)
                draft.blocks += blocks
                draft.nodes += pending
                drafts[index] = draft
            } else {
                var unused = 0
                introduction += Self.blocks(pending, inQuiz: false, step: nil, questionCount: &unused)
                introductionNodes += pending
            }
            pending = []
        }

        for node in document.children {
            if case let .heading(level) = node.kind {
                let text = node.plainText
                if let (number, title) = Self.stepHeading(text) {
                    flush()
                    drafts.append(Draft(number: number, title: title, position: node.position, level: level,
                                        nodes: [node]))
                    current = drafts.count - 1
                    inQuiz = false
                    continue
                }
                if let number = Self.quizHeading(text) {
                    flush()
                    if let index = drafts.lastIndex(where: { $0.number == number }) {
                        current = index
                        inQuiz = true
                        pending.append(node)
                    } else {
                        diagnostics.append(.error(
                            "`Quiz for Step \(number)` has no Step \(number) before it; add a `Step \(number): …` heading above or renumber the quiz",
                            file: file, at: node.position, rule: "step-numbering"))
                        // Keep its content visible where it is written.
                        pending.append(node)
                        inQuiz = true
                    }
                    continue
                }
            }
            pending.append(node)
        }
        flush()
        steps = drafts.map {
            Step(number: $0.number, title: $0.title, position: $0.position, headingLevel: $0.level, nodes: $0.nodes,
                 blocks: $0.blocks)
        }
    }

    /// Converts a run of top-level nodes into blocks.
    static func blocks(_ nodes: [MarkdownNode], inQuiz: Bool, step: Int?, questionCount: inout Int) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            defer { index += 1 }
            if let code = CodeBlock(node) {
                blocks.append(code.language == "output" ? .output(ExpectedOutput(code)) : .code(code))
                continue
            }
            if let hint = Hint(node) {
                blocks.append(.hint(hint))
                continue
            }
            guard inQuiz else {
                blocks.append(.prose(node))
                continue
            }
            // A paragraph followed by a task list: one multiple-choice question.
            if case .paragraph = node.kind, index + 1 < nodes.count,
               let options = QuestionOption.options(in: nodes[index + 1]) {
                questionCount += 1
                blocks.append(.question(Question(
                    reference: QuestionReference(step: step, number: questionCount), stem: node.plainText,
                    stemNodes: [node], options: options, position: node.position)))
                index += 1
                continue
            }
            if let options = QuestionOption.options(in: node) {
                // Options with no question text before them.
                questionCount += 1
                blocks.append(.question(Question(
                    reference: QuestionReference(step: step, number: questionCount), stem: "", stemNodes: [],
                    options: options, position: node.position)))
                continue
            }
            if case .list = node.kind {
                for item in node.children {
                    questionCount += 1
                    blocks.append(.question(question(item: item, reference: QuestionReference(step: step, number: questionCount))))
                }
                continue
            }
            blocks.append(.prose(node))
        }
        return blocks
    }

    /// A bullet item as a question: its text is the stem, a nested task list its options.
    static func question(item: MarkdownNode, reference: QuestionReference) -> Question {
        var stemNodes: [MarkdownNode] = []
        var options: [QuestionOption] = []
        for child in item.children {
            if options.isEmpty, let found = QuestionOption.options(in: child) {
                options = found
            } else {
                stemNodes.append(child)
            }
        }
        let stem = stemNodes.map(\.plainText).joined(separator: "\n\n")
        return Question(reference: reference, stem: stem, stemNodes: stemNodes, options: options, position: item.position)
    }
}
