/// One answer option of a multiple-choice question: a task-list item `- [ ] A. text`.
public struct QuestionOption: Sendable, Hashable {
    /// The option's letter: written (`A.` or `A)`), or given by its place (A, B, C…) when omitted.
    public let letter: String
    /// Whether the letter was written in the file (lint checks written letters run A, B, C…).
    public let letterWritten: Bool
    /// The option's text without the letter.
    public let text: String
    /// Whether the box is checked (`- [x]`); quizzes must not check boxes (keys live in Solutions/).
    public let isChecked: Bool
    /// Where the item starts.
    public let position: SourcePosition

    /// An option; `letter` is upper-case.
    public init(letter: String, letterWritten: Bool, text: String, isChecked: Bool, position: SourcePosition) {
        self.letter = letter
        self.letterWritten = letterWritten
        self.text = text
        self.isChecked = isChecked
        self.position = position
    }

    /// The options of a task list node: items `- [ ] A. text`. `nil` when `node` is not a list
    /// whose items are all task items.
    public static func options(in node: MarkdownNode) -> [QuestionOption]? {
        guard case .list = node.kind, !node.children.isEmpty else { return nil }
        var options: [QuestionOption] = []
        for (index, item) in node.children.enumerated() {
            guard case let .item(task?) = item.kind else { return nil }
            let text = item.plainText
            let (letter, rest) = splitLetter(text)
            options.append(QuestionOption(letter: letter ?? Self.letter(at: index), letterWritten: letter != nil,
                                          text: rest, isChecked: task, position: item.position))
        }
        return options
    }

    /// The letter for the option at `index` (A…Z, then A27, A28… past 26, which nobody writes).
    public static func letter(at index: Int) -> String {
        guard index < 26, let scalar = Unicode.Scalar(UInt32(65 + index)) else { return "A\(index + 1)" }
        return String(Character(scalar))
    }

    /// Splits `A. text` or `A) text` into ("A", "text"); (nil, text) when there is no letter.
    static func splitLetter(_ text: String) -> (String?, String) {
        let characters = Array(text)
        guard characters.count >= 2, let first = characters.first, first.isASCII, first.isUppercase,
              characters[1] == "." || characters[1] == ")",
              characters.count == 2 || characters[2] == " " || characters[2] == "\n" else {
            return (nil, text)
        }
        let rest = String(characters.dropFirst(2)).drop(while: { $0 == " " || $0 == "\n" })
        return (String(first), String(rest))
    }
}
