/// Why a model could not be loaded or run: names the file (or model folder), the place, and the fix.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    /// The file or folder at fault.
    public let file: String
    /// What is wrong and how to fix it.
    public let problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// The message shown to the user.
    public var description: String { "\(file): \(problem)" }
}
