/// Why a lab, quiz or answer-key file could not be loaded.
public enum LabFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read (missing, a folder, no permission).
    case unreadable(path: String, reason: String)
    /// The file was read but is unusable; the diagnostics say where and how to fix it.
    case invalid(diagnostics: [Diagnostic])

    /// One or more `file:line:col: error: message` lines, or `path: reason`.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read the file (\(reason))"
        case let .invalid(diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}
