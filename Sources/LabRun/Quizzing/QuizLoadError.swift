import LabKit

/// A quiz that cannot be loaded: unknown id, missing or broken files, or a key that does not fit.
public struct QuizLoadError: Error, CustomStringConvertible, Sendable {
    /// Why it failed, which decides the exit status.
    public enum Kind: Sendable, Equatable {
        /// No `Quizzes/<id>.md`: a usage error (exit status 2).
        case unknownQuiz
        /// The files exist but are wrong (exit status 1).
        case invalid
    }

    /// Usage error or broken files.
    public let kind: Kind
    /// The message, naming files, places and the fix.
    public let description: String

    static func unknown(_ id: String, known: [String], folder: String) -> QuizLoadError {
        let list = known.isEmpty ? "there are no quizzes in \(folder)/" : "known quizzes: \(known.joined(separator: ", "))"
        return QuizLoadError(kind: .unknownQuiz, description: "no quiz '\(id)' (\(folder)/\(id).md); \(list)")
    }

    static func invalid(_ diagnostics: [Diagnostic]) -> QuizLoadError {
        let lines = diagnostics.map(\.description).joined(separator: "\n")
        return QuizLoadError(kind: .invalid, description: "the quiz cannot be used until these are fixed (`labrun check` lists them too):\n" + lines)
    }
}
