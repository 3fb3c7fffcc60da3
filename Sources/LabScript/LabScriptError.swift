/// An error a LabScript program ran into, ready to show a student: the Python exception name and
/// message, the file, line and column, the source line with a caret, and a hint where one helps.
///
/// `summary` is exactly the last line CPython would print (`NameError: name 'x' is not defined`);
/// `description` is the full report:
///
///     File "lab.md", line 12, column 7
///         print(totl)
///               ^^^^
///     NameError: name 'totl' is not defined
public struct LabScriptError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The Python exception type: `SyntaxError`, `NameError`, `ValueError`, … or `LimitError`
    /// when a step, recursion or memory bound stopped the run.
    public var kind: String
    /// The exception's message, as CPython words it.
    public var message: String
    /// The file name the program was run under.
    public var file: String
    /// Where it happened, when known.
    public var range: SourceRange?
    /// The source line at `range.line`, when known.
    public var sourceLine: String?
    /// One sentence saying what to do instead, for unsupported Python and exceeded bounds.
    public var hint: String?

    /// Creates an error report.
    public init(kind: String, message: String, file: String, range: SourceRange?, sourceLine: String?, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.range = range
        self.sourceLine = sourceLine
        self.hint = hint
    }

    /// `Kind: message` (or just `Kind` when the message is empty), as CPython's last traceback line.
    public var summary: String { message.isEmpty ? kind : "\(kind): \(message)" }

    /// The full report: place, source line, caret, summary and hint.
    public var description: String {
        var text = ""
        if let range {
            text += "File \"\(file)\", line \(range.line), column \(range.column)\n"
            if let sourceLine {
                let trimmed = String(sourceLine.drop(while: { $0 == " " || $0 == "\t" }))
                let removed = sourceLine.count - trimmed.count
                let start = max(0, range.column - 1 - removed)
                var width = range.endLine == range.line ? range.endColumn - range.column : trimmed.count - start
                width = max(1, min(width, max(1, trimmed.count - start)))
                text += "    \(trimmed)\n"
                text += "    " + String(repeating: " ", count: min(start, trimmed.count)) + String(repeating: "^", count: width) + "\n"
            }
        } else {
            text += "File \"\(file)\"\n"
        }
        text += summary
        if let hint { text += "\n" + hint }
        return text
    }
}
