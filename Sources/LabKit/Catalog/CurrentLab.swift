import Foundation

/// The lab a student started (`labrun start ml-bias`), remembered in `$LABRUN_HOME/current-lab`
/// so `labrun step 2` knows which lab to use. The file holds one line: the lab id, or the absolute
/// path of a lab opened by path.
public struct CurrentLab: Sendable {
    /// `<home>/current-lab`.
    public let file: URL

    /// The current-lab file inside labrun's home folder (`LabRunHome().root`).
    public init(home: URL) {
        file = home.appendingPathComponent("current-lab")
    }

    /// The remembered lab reference, or nil when none was started (or the file is empty).
    public func read() -> String? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.isEmpty ? nil : line
    }

    /// Remembers `reference` (a lab id or an absolute path), creating the home folder if needed.
    /// - Throws: `LabFileError.unreadable` naming the file when it cannot be written.
    public func write(_ reference: String) throws(LabFileError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((reference + "\n").utf8).write(to: file, options: .atomic)
        } catch {
            throw .unreadable(path: file.path, reason: "cannot write it: \((error as NSError).localizedDescription)")
        }
    }

    /// What to remember for `lab`: its id when `catalog` finds that same file by id, else the
    /// lab file's absolute path (a lab opened by path outside the labs folder).
    public static func reference(for lab: Lab, in catalog: LabCatalog) -> String {
        guard let url = lab.url else { return lab.id }
        if let byID = try? catalog.lab(lab.id), byID.url == url { return lab.id }
        return url.path
    }
}
