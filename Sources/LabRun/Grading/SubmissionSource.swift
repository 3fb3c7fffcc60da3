/// Where a submission came from: a file and, when known, the line its record starts on.
public struct SubmissionSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (or `store`, `--answers`).
    public let file: String
    /// The 1-based line, when the source has lines that matter.
    public let line: Int?

    /// A source in `file`, at `line` when given.
    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    /// `file:line`, or `file` alone.
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}
