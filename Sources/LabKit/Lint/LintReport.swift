/// What `LabLinter` found in a set of files.
public struct LintReport: Sendable, Equatable {
    /// Every diagnostic, sorted by file, then position, then message.
    public let diagnostics: [Diagnostic]
    /// How many files were read.
    public let filesChecked: Int

    /// A report; the diagnostics are sorted.
    public init(diagnostics: [Diagnostic], filesChecked: Int) {
        self.diagnostics = diagnostics.sorted {
            ($0.file, $0.position.line, $0.position.column, $0.message)
                < ($1.file, $1.position.line, $1.position.column, $1.message)
        }
        self.filesChecked = filesChecked
    }

    /// The number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// The number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// Whether any error was found (`labrun check` then exits 1).
    public var hasErrors: Bool { errorCount > 0 }

    /// `3 files checked: 1 error, 2 warnings.`
    public var summary: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(filesChecked, "file")) checked: \(plural(errorCount, "error")), \(plural(warningCount, "warning"))."
    }
}
