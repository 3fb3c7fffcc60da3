/// The parsed structure of labs, quizzes, answer keys and diagnostics as JSON for scripts
/// (`labrun show --json`, `labrun check --json`): objects with snake_case keys.
public enum LabJSON {
    /// A lab: front matter, introduction blocks and steps with their blocks.
    public static func object(_ lab: Lab) -> JSONValue {
        [
            "file": lab.file.json, "id": lab.id.json, "title": lab.title.json, "models": lab.frontMatter.models.json,
            "format": lab.frontMatter.format.json,
            "introduction": .array(lab.introduction.map { Self.object($0) }),
            "steps": .array(lab.steps.map { Self.object($0) }),
            "quiz": lab.frontMatter.quiz.json,
            "content_warning": lab.frontMatter.contentWarning.json,
        ]
    }

    /// A step: number, title, line and blocks.
    public static func object(_ step: Step) -> JSONValue {
        ["number": step.number.json, "title": step.title.json, "line": step.position.line.json,
         "blocks": .array(step.blocks.map { Self.object($0) })]
    }

    /// A block with `type` = prose, code, output, question or hint.
    public static func object(_ block: Block) -> JSONValue {
        switch block {
        case let .prose(node):
            return ["type": "prose", "line": node.position.line.json, "text": node.plainText.json, "markdown": object(node)]
        case let .code(code):
            return object(code)
        case let .output(output):
            return ["type": "output", "line": output.position.line.json, "first_line": output.firstLine.json,
                    "text": output.text.json, "tolerance": output.tolerance.json]
        case let .question(question):
            return object(question)
        case let .hint(hint):
            return ["type": "hint", "line": hint.position.line.json, "text": hint.text.json]
        }
    }

    /// A code block.
    public static func object(_ code: CodeBlock) -> JSONValue {
        ["type": "code", "line": code.position.line.json, "first_line": code.firstLine.json, "language": code.language.json,
         "attributes": code.attributes.json, "role": code.role.rawValue.json, "source": code.source.json]
    }

    /// A question.
    public static func object(_ question: Question) -> JSONValue {
        [
            "type": "question", "id": question.reference.description.json, "line": question.position.line.json,
            "title": question.title.json, "stem": question.stem.json, "multiple_answers": question.allowsMultipleAnswers.json,
            "difficulty": question.difficulty?.rawValue.json ?? .null, "weight": question.weight.json,
            "scoring": question.scoring?.rawValue.json ?? .null,
            "kind": (question.isGraded ? (question.format == .choice ? "multiple-choice" : question.format.rawValue) : "open").json,
            "options": .array(question.options.map { ["letter": $0.letter.json, "text": $0.text.json, "line": $0.position.line.json] }),
        ]
    }

    /// A quiz with its settings and questions.
    public static func object(_ quiz: Quiz) -> JSONValue {
        [
            "file": quiz.file.json, "id": quiz.id.json, "title": quiz.title.json, "lab": quiz.lab.json,
            "pass": quiz.passThreshold.json, "shuffle": quiz.shuffle.json, "attempts": quiz.attempts.json,
            "mode": quiz.mode.rawValue.json, "scoring": quiz.scoring.rawValue.json,
            "questions": .array(quiz.questions.map { Self.object($0) }),
        ]
    }

    /// A diagnostic.
    public static func object(_ diagnostic: Diagnostic) -> JSONValue {
        ["file": diagnostic.file.json, "line": diagnostic.position.line.json, "column": diagnostic.position.column.json,
         "severity": diagnostic.severity.rawValue.json, "rule": diagnostic.rule.json, "message": diagnostic.message.json]
    }

    /// A Markdown node: `type`, `line`, `column`, kind-specific fields and `children`.
    public static func object(_ node: MarkdownNode) -> JSONValue {
        var object: [String: JSONValue] = ["line": node.position.line.json, "column": node.position.column.json]
        switch node.kind {
        case .document: object["type"] = "document"
        case .blockQuote: object["type"] = "block_quote"
        case let .list(ordered, start, tight):
            object["type"] = "list"
            object["ordered"] = ordered.json
            object["start"] = start.json
            object["tight"] = tight.json
        case let .item(task):
            object["type"] = "item"
            object["task"] = task.map { $0 ? "checked" : "unchecked" }.json
        case let .codeBlock(info, code, fenced):
            object["type"] = "code_block"
            object["info"] = info.json
            object["code"] = code.json
            object["fenced"] = fenced.json
        case let .htmlBlock(html): object["type"] = "html_block"; object["html"] = html.json
        case .paragraph: object["type"] = "paragraph"
        case let .heading(level): object["type"] = "heading"; object["level"] = level.json
        case .thematicBreak: object["type"] = "thematic_break"
        case let .table(alignments): object["type"] = "table"; object["alignments"] = alignments.map(\.rawValue).json
        case .tableHeader: object["type"] = "table_header"
        case .tableRow: object["type"] = "table_row"
        case .tableCell: object["type"] = "table_cell"
        case let .text(text): object["type"] = "text"; object["text"] = text.json
        case .softBreak: object["type"] = "soft_break"
        case .lineBreak: object["type"] = "line_break"
        case let .code(code): object["type"] = "code"; object["code"] = code.json
        case let .html(html): object["type"] = "html"; object["html"] = html.json
        case .emphasis: object["type"] = "emphasis"
        case .strong: object["type"] = "strong"
        case .strikethrough: object["type"] = "strikethrough"
        case let .link(destination, title): object["type"] = "link"; object["destination"] = destination.json; object["title"] = title.json
        case let .image(source, title): object["type"] = "image"; object["source"] = source.json; object["title"] = title.json
        case let .other(name): object["type"] = name.json
        }
        if !node.children.isEmpty { object["children"] = .array(node.children.map { Self.object($0) }) }
        return .object(object)
    }
}
