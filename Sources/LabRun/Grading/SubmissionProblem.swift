/// A submission (or a whole file) that could not be graded, with where it is and what to fix.
/// Problems are reported and the record is skipped; the rest of the batch is still graded.
public struct SubmissionProblem: Error, CustomStringConvertible, Sendable, Hashable, Codable {
    /// The file and line of the bad record.
    public let source: SubmissionSource
    /// The student named by the record, when it got that far.
    public let student: String?
    /// What is wrong and how to fix it.
    public let message: String

    /// A problem at `source`.
    public init(source: SubmissionSource, student: String? = nil, message: String) {
        self.source = source
        self.student = student
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(source): \(message)" }
}
