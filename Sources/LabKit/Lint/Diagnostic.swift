/// One finding about a lab, quiz or answer-key file: where it is, how bad, and what to do.
///
/// Prints as `file:line:col: error|warning: message`, the format editors and CI annotate.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a finding is. Errors make `labrun check` exit non-zero.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The file is wrong and must be fixed.
        case error
        /// The file works but probably not as intended.
        case warning
    }

    /// The file's path as the user gave it (or as found under a folder).
    public var file: String
    /// Where in the file.
    public var position: SourcePosition
    /// Error or warning.
    public var severity: Severity
    /// A sentence that says what is wrong and how to fix it.
    public var message: String
    /// A short stable name of the rule that found it (`step-numbering`, `broken-link`, ...).
    public var rule: String

    /// A diagnostic for `file` at `position`.
    public init(file: String, position: SourcePosition, severity: Severity, rule: String, message: String) {
        self.file = file
        self.position = position
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    /// An error-severity diagnostic.
    public static func error(_ message: String, file: String, at position: SourcePosition, rule: String) -> Diagnostic {
        Diagnostic(file: file, position: position, severity: .error, rule: rule, message: message)
    }

    /// A warning-severity diagnostic.
    public static func warning(_ message: String, file: String, at position: SourcePosition, rule: String) -> Diagnostic {
        Diagnostic(file: file, position: position, severity: .warning, rule: rule, message: message)
    }

    /// `file:line:col: error: message`.
    public var description: String {
        "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }
}
