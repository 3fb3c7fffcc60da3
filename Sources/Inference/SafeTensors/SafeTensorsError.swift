/// Why a safetensors file was refused: always names the file, and the tensor when one is at fault.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file (path or a description of the bytes).
    public let file: String
    /// The tensor at fault, if any.
    public let tensor: String?
    /// What is wrong, and how to fix it when that is known.
    public let problem: String

    public init(file: String, tensor: String? = nil, problem: String) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    /// The message shown to the user.
    public var description: String {
        if let tensor { return "\(file): tensor '\(tensor)': \(problem)" }
        return "\(file): \(problem)"
    }
}
