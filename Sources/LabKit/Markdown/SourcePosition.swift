/// A place in a source file: 1-based line and 1-based column.
///
/// Columns count UTF-8 bytes from the start of the line, the way compilers and cmark-gfm count
/// them, so `file:line:col` points editors at the right spot for ASCII text and close to it
/// otherwise. A position of line 0 means "unknown" (cmark-gfm gives some inline nodes none).
public struct SourcePosition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column (UTF-8 bytes).
    public var column: Int

    /// A position at `line`, `column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file.
    public static let start = SourcePosition(line: 1, column: 1)

    /// Orders positions by line, then column.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
