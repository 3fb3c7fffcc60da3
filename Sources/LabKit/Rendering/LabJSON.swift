import Foundation

/// The parsed structure of labs, quizzes, answer keys and diagnostics as JSON for scripts
/// (`labrun show --json`, `labrun check --json`): plain objects with snake_case keys, sorted.
public enum LabJSON {
    /// Pretty-printed JSON text of `object` (built by the functions below: dictionaries, arrays,
    /// strings, numbers, booleans and `NSNull`), keys sorted, two-space indent, ending in a newline.
    public static func text(_ object: Any) -> String {
        var output = ""
        write(object, indent: "", into: &output)
        return output + "\n"
    }

    private static func write(_ value: Any, indent: String, into output: inout String) {
        switch value {
        case let string as String:
            writeString(string, into: &output)
        case let bool as Bool:
            output += bool ? "true" : "false"
        case let int as Int:
            output += String(int)
        case let double as Double:
            output += double.isFinite ? (double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : "\(double)") : "null"
        case let array as [Any]:
            guard !array.isEmpty else { output += "[]"; return }
            let inner = indent + "  "
            output += "[\n"
            for (index, element) in array.enumerated() {
                output += inner
                write(element, indent: inner, into: &output)
                output += index == array.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case let dictionary as [String: Any]:
            guard !dictionary.isEmpty else { output += "{}"; return }
            let inner = indent + "  "
            output += "{\n"
            let keys = dictionary.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += inner
                writeString(key, into: &output)
                output += ": "
                write(dictionary[key] ?? NSNull(), indent: inner, into: &output)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        default:
            output += "null"
        }
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// A lab: front matter, introduction blocks and steps with their blocks.
    public static func object(_ lab: Lab) -> [String: Any] {
        var object: [String: Any] = [
            "file": lab.file, "id": lab.id, "title": lab.title, "models": lab.frontMatter.models,
            "format": lab.frontMatter.format,
            "introduction": lab.introduction.map { Self.object($0) },
            "steps": lab.steps.map { Self.object($0) },
        ]
        object["quiz"] = lab.frontMatter.quiz ?? NSNull()
        object["content_warning"] = lab.frontMatter.contentWarning ?? NSNull()
        return object
    }

    /// A step: number, title, line and blocks.
    public static func object(_ step: Step) -> [String: Any] {
        ["number": step.number, "title": step.title, "line": step.position.line, "blocks": step.blocks.map { Self.object($0) }]
    }

    /// A block with `type` = prose, code, output, question or hint.
    public static func object(_ block: Block) -> [String: Any] {
        switch block {
        case let .prose(node):
            return ["type": "prose", "line": node.position.line, "text": node.plainText, "markdown": object(node)]
        case let .code(code):
            return object(code)
        case let .output(output):
            return ["type": "output", "line": output.position.line, "first_line": output.firstLine, "text": output.text,
                    "tolerance": output.tolerance ?? NSNull()]
        case let .question(question):
            return object(question)
        case let .hint(hint):
            return ["type": "hint", "line": hint.position.line, "text": hint.text]
        }
    }

    /// A code block.
    public static func object(_ code: CodeBlock) -> [String: Any] {
        ["type": "code", "line": code.position.line, "first_line": code.firstLine, "language": code.language,
         "attributes": code.attributes, "role": code.role.rawValue, "source": code.source]
    }

    /// A question.
    public static func object(_ question: Question) -> [String: Any] {
        [
            "type": "question", "id": question.reference.description, "line": question.position.line,
            "title": question.title, "stem": question.stem, "multiple_answers": question.allowsMultipleAnswers,
            "difficulty": question.difficulty?.rawValue ?? NSNull(), "weight": question.weight,
            "scoring": question.scoring?.rawValue ?? NSNull(),
            "kind": question.isMultipleChoice ? "multiple-choice" : "open",
            "options": question.options.map { ["letter": $0.letter, "text": $0.text, "line": $0.position.line] },
        ]
    }

    /// A quiz with its settings and questions.
    public static func object(_ quiz: Quiz) -> [String: Any] {
        [
            "file": quiz.file, "id": quiz.id, "title": quiz.title, "lab": quiz.lab ?? NSNull(),
            "pass": quiz.passThreshold, "shuffle": quiz.shuffle, "attempts": quiz.attempts ?? NSNull(),
            "mode": quiz.mode.rawValue, "scoring": quiz.scoring.rawValue, "questions": quiz.questions.map { Self.object($0) },
        ]
    }

    /// A diagnostic.
    public static func object(_ diagnostic: Diagnostic) -> [String: Any] {
        ["file": diagnostic.file, "line": diagnostic.position.line, "column": diagnostic.position.column,
         "severity": diagnostic.severity.rawValue, "rule": diagnostic.rule, "message": diagnostic.message]
    }

    /// A Markdown node: `type`, `line`, `column`, kind-specific fields and `children`.
    public static func object(_ node: MarkdownNode) -> [String: Any] {
        var object: [String: Any] = ["line": node.position.line, "column": node.position.column]
        switch node.kind {
        case .document: object["type"] = "document"
        case .blockQuote: object["type"] = "block_quote"
        case let .list(ordered, start, tight):
            object["type"] = "list"
            object["ordered"] = ordered
            object["start"] = start
            object["tight"] = tight
        case let .item(task):
            object["type"] = "item"
            object["task"] = task.map { $0 ? "checked" : "unchecked" } ?? NSNull()
        case let .codeBlock(info, code, fenced):
            object["type"] = "code_block"
            object["info"] = info
            object["code"] = code
            object["fenced"] = fenced
        case let .htmlBlock(html): object["type"] = "html_block"; object["html"] = html
        case .paragraph: object["type"] = "paragraph"
        case let .heading(level): object["type"] = "heading"; object["level"] = level
        case .thematicBreak: object["type"] = "thematic_break"
        case let .table(alignments): object["type"] = "table"; object["alignments"] = alignments.map(\.rawValue)
        case .tableHeader: object["type"] = "table_header"
        case .tableRow: object["type"] = "table_row"
        case .tableCell: object["type"] = "table_cell"
        case let .text(text): object["type"] = "text"; object["text"] = text
        case .softBreak: object["type"] = "soft_break"
        case .lineBreak: object["type"] = "line_break"
        case let .code(code): object["type"] = "code"; object["code"] = code
        case let .html(html): object["type"] = "html"; object["html"] = html
        case .emphasis: object["type"] = "emphasis"
        case .strong: object["type"] = "strong"
        case .strikethrough: object["type"] = "strikethrough"
        case let .link(destination, title): object["type"] = "link"; object["destination"] = destination; object["title"] = title
        case let .image(source, title): object["type"] = "image"; object["source"] = source; object["title"] = title
        case let .other(name): object["type"] = name
        }
        if !node.children.isEmpty { object["children"] = node.children.map { Self.object($0) } }
        return object
    }
}
