import Foundation

/// Where a student's own code for an exercise step lives: `labrun-work/<lab>/step-<N>.py`
/// under the folder labrun was started in, created from the lab's starter code.
public struct ExerciseWorkspace: Sendable {
    /// The `labrun-work` folder.
    public let root: URL

    /// The workspace under `directory` (the current folder by default).
    public init(directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        root = directory.appendingPathComponent("labrun-work", isDirectory: true)
    }

    /// The student's file for step `step` of lab `labID`.
    public func file(lab labID: String, step: Int) -> URL {
        root.appendingPathComponent(labID, isDirectory: true).appendingPathComponent("step-\(step).py")
    }

    /// The student's file as error messages show it: `labrun-work/<lab>/step-<N>.py`.
    public func displayPath(lab labID: String, step: Int) -> String {
        "labrun-work/\(labID)/step-\(step).py"
    }

    /// The student's code for the step, or nil when they have not started it.
    public func code(lab labID: String, step: Int) throws -> String? {
        let url = file(lab: labID, step: step)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ExerciseWorkspaceError.unreadable(url.path, reason: "it is not UTF-8 text")
        }
    }

    /// Creates the student's file from `starter` unless it exists (their work is never overwritten);
    /// returns its URL and whether it was created now.
    @discardableResult
    public func prepare(lab labID: String, step: Int, starter: String) throws -> (url: URL, created: Bool) {
        let url = file(lab: labID, step: step)
        if FileManager.default.fileExists(atPath: url.path) { return (url, false) }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = starter.hasSuffix("\n") ? starter : starter + "\n"
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        } catch CocoaError.fileWriteFileExists {
            return (url, false)
        } catch {
            throw ExerciseWorkspaceError.unwritable(url.path, reason: "\(error.localizedDescription)")
        }
        return (url, true)
    }
}

/// Why an exercise file could not be read or written.
public enum ExerciseWorkspaceError: Error, CustomStringConvertible, Equatable {
    case unreadable(String, reason: String)
    case unwritable(String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read your exercise file \(path): \(reason). Fix or delete it, then run `labrun edit` again."
        case .unwritable(let path, let reason):
            return "cannot create your exercise file \(path): \(reason). Check that the folder is writable."
        }
    }
}
