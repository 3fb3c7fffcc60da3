import Foundation
import Inference
import LabKit

/// Where labrun keeps a learner's state on this machine, and every file in it.
///
/// The folder is `$LABRUN_HOME` when set, else `~/.local/share/labrun`. It holds:
///
/// | path | what |
/// |---|---|
/// | `models/` | the bundled models and those `labrun models pull` copied, one folder per id |
/// | `current-lab` | the lab `labrun start` chose (its id, or the path of a lab opened by path) |
/// | `last-step` | `<lab id> <step>` of the last step run, for `labrun next` and `labrun hint` |
/// | `student` | the name `labrun login` saved |
/// | `progress.sqlite` | the progress store, unless `--database` or `LABRUN_DATABASE_URL` says otherwise |
/// | `unrecorded/` | records the store could not take, kept for the next run to deliver |
/// | `cache/weights-sha256.json` | remembered digests of model weight files (provenance) |
///
/// Nothing else in labrun reads `LABRUN_HOME`: the engine is handed the models folder.
public struct LabRunState: Sendable, Equatable {
    /// The folder.
    public let root: URL

    /// The folder named by the environment: `LABRUN_HOME`, else `~/.local/share/labrun`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["LABRUN_HOME"], !explicit.isEmpty {
            root = URL(fileURLWithPath: explicit, isDirectory: true).standardizedFileURL
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            root = home.appendingPathComponent(".local/share/labrun", isDirectory: true)
        }
    }

    /// The state in an explicit folder (tests use a temporary one).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `models/`: the bundled models and those `labrun models pull` fetched.
    public var modelsFolder: URL { root.appendingPathComponent("models", isDirectory: true) }
    /// `current-lab`.
    public var currentLabFile: URL { root.appendingPathComponent("current-lab") }
    /// `last-step`.
    public var lastStepFile: URL { root.appendingPathComponent("last-step") }
    /// `student`, written by `labrun login`.
    public var loginFile: URL { root.appendingPathComponent("student") }
    /// `progress.sqlite`, the default progress store.
    public var defaultDatabaseFile: URL { root.appendingPathComponent("progress.sqlite") }
    /// `unrecorded/`, where a recorder spools what the store could not take.
    public var unrecordedFolder: URL { root.appendingPathComponent("unrecorded", isDirectory: true) }
    /// `cache/weights-sha256.json`.
    public var weightsDigestsFile: URL { root.appendingPathComponent("cache/weights-sha256.json") }

    /// The model hub over this state's models folder and the Hugging Face settings of `environment`.
    public func hub(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelHub {
        ModelHub(modelsFolder: modelsFolder, settings: HubSettings(environment: environment))
    }

    /// Weight digests remembered in this state's cache file.
    public var fingerprint: WeightsFingerprint { WeightsFingerprint(cacheFile: weightsDigestsFile) }

    // MARK: - The current lab and the last step

    /// The lab reference `labrun start` remembered, or nil when none was started.
    public func currentLab() -> String? {
        guard let text = try? String(contentsOf: currentLabFile, encoding: .utf8) else { return nil }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.isEmpty ? nil : line
    }

    /// Remembers `reference` (a lab id or an absolute path) as the current lab.
    /// - Throws: `LabFileError.unreadable` naming the file when it cannot be written.
    public func setCurrentLab(_ reference: String) throws(LabFileError) {
        do {
            try write(reference + "\n", to: currentLabFile)
        } catch {
            throw .unreadable(path: currentLabFile.path, reason: "cannot write it: \((error as NSError).localizedDescription)")
        }
    }

    /// The lab id and step last run, or nil.
    public func lastStep() -> (lab: String, step: Int)? {
        guard let text = try? String(contentsOf: lastStepFile, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let step = Int(parts[1]) else { return nil }
        return (String(parts[0]), step)
    }

    /// Remembers `step` of `lab` as the last step run; a failure to write is not worth stopping a
    /// student for, so it is ignored.
    public func setLastStep(lab: String, step: Int) {
        try? write("\(lab) \(step)\n", to: lastStepFile)
    }

    /// Writes `text` to `file` atomically, creating this folder first.
    func write(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}
