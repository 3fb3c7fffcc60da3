import Foundation

/// The folders labrun keeps its own state in.
///
/// `$LABRUN_HOME` when set, else `~/.local/share/labrun`. The bundled models live in `models/`
/// under it, one folder per model id (`models/HuggingFaceTB/SmolLM2-135M-Instruct/`).
public struct LabRunHome: Sendable, Equatable {
    /// The root folder.
    public let root: URL

    /// The home named by the environment: `LABRUN_HOME`, else `~/.local/share/labrun`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["LABRUN_HOME"], !explicit.isEmpty {
            root = URL(fileURLWithPath: explicit, isDirectory: true).standardizedFileURL
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            root = home.appendingPathComponent(".local/share/labrun", isDirectory: true)
        }
    }

    /// A home rooted at an explicit folder (tests use a temporary one).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `models/`: the bundled models and those `labrun models pull` fetched.
    public var models: URL { root.appendingPathComponent("models", isDirectory: true) }
}
