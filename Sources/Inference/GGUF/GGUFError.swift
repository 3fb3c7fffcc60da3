/// A GGUF file that cannot be read: names the file, the byte offset where reading failed, what was
/// wrong and how to fix it.
public struct GGUFError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's path (or a label for in-memory bytes).
    public let file: String
    /// The byte offset in the file where the problem was found, when known.
    public let offset: Int?
    /// What is wrong, in one sentence.
    public let message: String
    /// What the user can do about it.
    public let fix: String

    public init(file: String, offset: Int?, message: String, fix: String) {
        self.file = file
        self.offset = offset
        self.message = message
        self.fix = fix
    }

    /// `file:offset: message; fix`, as the CLI prints it.
    public var description: String {
        let place = offset.map { "\(file) at byte \($0)" } ?? file
        return "\(place): \(message); \(fix)"
    }
}
