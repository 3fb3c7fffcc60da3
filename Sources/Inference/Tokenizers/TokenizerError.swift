/// Why a tokenizer could not be built: names the file and what is wrong with it.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The file at fault.
    public let file: String
    /// Where in the file (a line, a JSON key), when known.
    public let place: String?
    /// What is wrong and how to fix it.
    public let problem: String

    /// An error about `file`.
    public init(file: String, place: String? = nil, problem: String) {
        self.file = file
        self.place = place
        self.problem = problem
    }

    /// The message shown to the user.
    public var description: String {
        if let place { return "\(file): \(place): \(problem)" }
        return "\(file): \(problem)"
    }
}
