/// A fenced code block of a lab or answer key, with its parsed info string and where it is.
///
/// The info string is a language followed by attributes: bare words are flags, `key=value`
/// pairs are settings. ` ```python ` runs; ` ```python norun ` is shown only; ` ```python starter `
/// is an exercise's starting code that the student edits and runs; ` ```python check ` (in
/// Solutions/) holds assertions run after the student's code. Any other language is shown only.
public struct CodeBlock: Sendable, Hashable {
    /// What labrun does with a code block.
    public enum Role: String, Sendable, Hashable, Codable {
        /// `python`: LabScript run by `labrun step`.
        case executable
        /// `python norun` or any other language: shown, never run.
        case shown
        /// `python starter`: an exercise's starting point, edited and run by the student.
        case starter
        /// `python check` (Solutions/ only): assertions run in the student's namespace.
        case check
    }

    /// The language, lowercased (`python`, `bash`, `output`); empty for an indented block.
    public let language: String
    /// The words after the language, in order (`["norun"]`, `["tol=0.01"]`).
    public let attributes: [String]
    /// The code without its final newline.
    public let source: String
    /// Where the block starts (the opening fence).
    public let position: SourcePosition
    /// The file line of the code's first line (the line after the fence), for error messages.
    public let firstLine: Int
    /// What labrun does with it.
    public let role: Role

    /// A code block; `role` is derived from the language and attributes.
    public init(language: String, attributes: [String], source: String, position: SourcePosition, firstLine: Int) {
        self.language = language
        self.attributes = attributes
        self.source = source
        self.position = position
        self.firstLine = firstLine
        if Self.pythonNames.contains(language) {
            if attributes.contains("norun") {
                role = .shown
            } else if attributes.contains("starter") {
                role = .starter
            } else if attributes.contains("check") {
                role = .check
            } else {
                role = .executable
            }
        } else {
            role = .shown
        }
    }

    /// Languages that are LabScript.
    public static let pythonNames: Set<String> = ["python", "py", "python3"]

    /// Whether this block is LabScript (run, starter or check), so it must parse.
    public var isPython: Bool { Self.pythonNames.contains(language) && role != .shown }

    /// The value of a `key=value` attribute (`tol`), or nil.
    public func attribute(_ key: String) -> String? {
        for attribute in attributes {
            let parts = attribute.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == Substring(key) { return String(parts[1]) }
        }
        return nil
    }

    /// Splits an info string into its lowercased language and its attributes.
    public static func parseInfo(_ info: String) -> (language: String, attributes: [String]) {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return ("", []) }
        // Accept the `{.python norun}` spelling some editors produce.
        var language = first.lowercased()
        if language.hasPrefix("{") { language.removeFirst() }
        if language.hasPrefix(".") { language.removeFirst() }
        var attributes = Array(words.dropFirst())
        if let last = attributes.last, last.hasSuffix("}") {
            attributes[attributes.count - 1] = String(last.dropLast())
            if attributes[attributes.count - 1].isEmpty { attributes.removeLast() }
        }
        if language.hasSuffix("}") { language.removeLast() }
        return (language, attributes)
    }

    /// The code block made from a Markdown code-block node, or nil for any other node.
    public init?(_ node: MarkdownNode) {
        guard case let .codeBlock(info, code, fenced) = node.kind else { return nil }
        let (language, attributes) = Self.parseInfo(info)
        var source = code
        if source.hasSuffix("\n") { source.removeLast() }
        self.init(language: language, attributes: attributes, source: source, position: node.position,
                  firstLine: fenced ? node.position.line + 1 : node.position.line)
    }
}
