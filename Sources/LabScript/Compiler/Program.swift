/// A parsed LabScript program: its statements and, for each top-level statement, the names it
/// defines and reads.
public struct Program: Sendable {
    /// The top-level statements, in order.
    public let statements: [Statement]
    /// One entry per top-level statement.
    public let names: [StatementNames]
    let source: SourceText
}
