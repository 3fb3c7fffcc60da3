/// Why a pipeline refused its input (no `[MASK]` in a fill-mask text, an empty target list, …).
public struct PipelineError: Error, CustomStringConvertible, Equatable {
    /// The pipeline (`"fill-mask"`).
    public let pipeline: String
    /// What is wrong and how to fix it.
    public let problem: String

    /// An error of `pipeline`.
    public init(pipeline: String, problem: String) {
        self.pipeline = pipeline
        self.problem = problem
    }

    /// The message shown to the user.
    public var description: String { "\(pipeline): \(problem)" }
}
