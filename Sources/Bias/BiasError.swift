/// Why a bias metric or mitigation could not run: bad input data, a malformed file, or a model
/// that cannot answer what the metric needs. Every case says where the problem is and how to fix it.
public struct BiasError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or data set name) the problem is in, when there is one.
    public let file: String?
    /// The 1-based line in `file`, when known.
    public let line: Int?
    /// What is wrong.
    public let problem: String
    /// What the user can do about it.
    public let fix: String

    /// An error about `problem` in `file` at `line`, with a `fix` the user can apply.
    public init(file: String? = nil, line: Int? = nil, problem: String, fix: String) {
        self.file = file
        self.line = line
        self.problem = problem
        self.fix = fix
    }

    /// `file:line: problem; fix` (the parts that are known).
    public var description: String {
        var place = ""
        if let file {
            place = file
            if let line { place += ":\(line)" }
            place += ": "
        }
        return "\(place)\(problem); \(fix)"
    }
}
