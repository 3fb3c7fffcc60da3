/// Why a training input was refused: names the source (a file, a batch, a parameter), what is
/// wrong with it, and how to fix it.
public struct TrainingError: Error, CustomStringConvertible, Equatable {
    /// The file, batch or parameter at fault.
    public let source: String
    /// What is wrong.
    public let problem: String
    /// What to change so that the call succeeds.
    public let fix: String

    /// An error about `source`.
    public init(source: String, problem: String, fix: String) {
        self.source = source
        self.problem = problem
        self.fix = fix
    }

    /// The message shown to the user: source, problem, fix.
    public var description: String { "\(source): \(problem); \(fix)" }
}
