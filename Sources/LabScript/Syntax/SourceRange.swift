/// A place in a LabScript program: 1-based line and column of the first and last character.
///
/// Lines count from the `firstLine` the program was given (so errors name the lab file's lines),
/// columns count characters from 1.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The line of the first character.
    public var line: Int
    /// The column of the first character (1-based).
    public var column: Int
    /// The line of the last character.
    public var endLine: Int
    /// The column just after the last character (1-based, exclusive).
    public var endColumn: Int

    /// A range from `line:column` to `endLine:endColumn` (exclusive end column).
    public init(line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// The range spanning from the start of `self` to the end of `other`.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(line: line, column: column, endLine: other.endLine, endColumn: other.endColumn)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// The text of a program and the name it is known by, kept to quote source lines in errors.
public final class SourceText: Sendable {
    /// The file name shown in errors (a lab file, `<check>`, `scratch.py`).
    public let file: String
    /// The line number of the program's first line in that file.
    public let firstLine: Int
    /// The program's lines, without their line terminators.
    public let lines: [String]

    /// Wraps `text`, whose first line is line `firstLine` of `file`.
    public init(_ text: String, file: String, firstLine: Int = 1) {
        self.file = file
        self.firstLine = firstLine
        var lines: [String] = []
        var current = ""
        var previousWasCR = false
        for ch in text.unicodeScalars {
            if ch == "\n" {
                if !previousWasCR { lines.append(current); current = "" }
                previousWasCR = false
            } else if ch == "\r" {
                lines.append(current); current = ""
                previousWasCR = true
            } else {
                current.unicodeScalars.append(ch)
                previousWasCR = false
            }
        }
        lines.append(current)
        self.lines = lines
    }

    /// The source line numbered `line` (in the file's numbering), or nil if outside the program.
    public func line(_ line: Int) -> String? {
        let index = line - firstLine
        guard index >= 0, index < lines.count else { return nil }
        return lines[index]
    }
}
