/// What a submissions reader produced: the records it could read and the ones it had to skip.
public struct SubmissionBatch: Sendable, Hashable {
    /// Readable submissions, in the order they were read.
    public var submissions: [Submission]
    /// Skipped records and files, each with its place and fix.
    public var problems: [SubmissionProblem]

    /// A batch of `submissions` and `problems`.
    public init(submissions: [Submission] = [], problems: [SubmissionProblem] = []) {
        self.submissions = submissions
        self.problems = problems
    }

    /// Appends another batch (several files on one command line).
    public mutating func append(_ other: SubmissionBatch) {
        submissions += other.submissions
        problems += other.problems
    }
}
