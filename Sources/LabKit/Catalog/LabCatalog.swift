import Foundation

/// The labs a student can open: the `*.md` files of one folder, found by id or by path.
///
/// The folder is `--labs DIR`, else `$LABRUN_LABS`, else `./Labs` (see `folder(explicit:…)`).
public struct LabCatalog: Sendable {
    /// The labs folder.
    public let folder: URL
    /// How the folder is named in messages (`Labs`, as the user typed it).
    public let displayFolder: String

    /// A catalog over `folder`.
    public init(folder: URL, displayFolder: String? = nil) {
        self.folder = folder.standardizedFileURL
        self.displayFolder = displayFolder ?? folder.path
    }

    /// The catalog chosen by `--labs` (`explicit`), else `LABRUN_LABS`, else `Labs` in `directory`.
    public static func resolve(explicit: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> LabCatalog {
        let name = explicit ?? environment["LABRUN_LABS"].flatMap { $0.isEmpty ? nil : $0 } ?? "Labs"
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
        return LabCatalog(folder: url, displayFolder: name)
    }

    /// The lab files of the folder (`*.md`, not README.md), sorted by name; empty when the folder is missing.
    public var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".md") && $0.lowercased() != "readme.md" && !$0.hasPrefix(".") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// Every readable lab in the folder, sorted by id; unreadable files are skipped (`labrun check` reports them).
    public func labs() -> [Lab] {
        files.compactMap { try? Lab(contentsOf: $0, displayPath: display($0)) }.sorted { $0.id < $1.id }
    }

    /// The ids of the folder's labs, sorted.
    public var ids: [String] { labs().map(\.id) }

    /// The lab named `reference`: a lab id in the folder, or a path to a lab file (absolute,
    /// relative to `directory`, or relative to the folder).
    /// - Throws: `LabLookupError.unknownLab` listing the ids that exist, or `.unreadable`.
    public func lab(_ reference: String,
                    directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(LabLookupError) -> Lab {
        if let lab = labs().first(where: { $0.id == reference }) { return lab }
        if reference.hasSuffix(".md") || reference.contains("/") {
            let candidates = reference.hasPrefix("/") ? [URL(fileURLWithPath: reference)]
                : [directory.appendingPathComponent(reference), folder.appendingPathComponent(reference)]
            for url in candidates where FileManager.default.fileExists(atPath: url.path) {
                do {
                    return try Lab(contentsOf: url, displayPath: reference)
                } catch {
                    throw .unreadable(error)
                }
            }
        }
        throw .unknownLab(reference, folder: displayFolder, available: ids)
    }

    /// Step `number` of `lab`.
    /// - Throws: `LabLookupError.unknownStep` listing the lab's step numbers.
    public static func step(_ number: Int, of lab: Lab) throws(LabLookupError) -> Step {
        guard let step = lab.step(number) else {
            throw .unknownStep(number, lab: lab.id, available: lab.steps.map(\.number))
        }
        return step
    }

    /// `Labs/name.md` for a file of the folder.
    private func display(_ url: URL) -> String {
        (displayFolder.hasSuffix("/") ? displayFolder : displayFolder + "/") + url.lastPathComponent
    }
}

extension LabCatalog {
    /// What to remember as the current lab for `lab`: its id when this catalog finds that same file
    /// by id, else the lab file's absolute path (a lab opened by path outside the labs folder).
    public func reference(for lab: Lab) -> String {
        guard let url = lab.url else { return lab.id }
        if let byID = try? self.lab(lab.id), byID.url == url { return lab.id }
        return url.path
    }
}
