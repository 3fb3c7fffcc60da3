import Foundation

/// The Hugging Face cache folder, read and written exactly as Python's huggingface_hub does so that
/// both tools share one copy of every file.
///
/// Layout (for the model `org/name`):
/// ```
/// <root>/models--org--name/refs/main                 the commit hash `main` pointed to (no newline)
/// <root>/models--org--name/blobs/<etag>              file contents, named by the Hub's etag:
///                                                    SHA-256 for LFS files, git SHA-1 for small files
/// <root>/models--org--name/snapshots/<commit>/<file> relative symlink to ../../blobs/<etag>
/// <root>/.locks/models--org--name/<etag>.lock        lock held while a blob is downloaded
/// ```
/// The root is `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
public struct HubCache: Sendable, Equatable {
    /// The cache root (the folder holding `models--…` folders).
    public let root: URL

    /// The cache named by the environment, as huggingface_hub finds it.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["HF_HUB_CACHE"] ?? environment["HUGGINGFACE_HUB_CACHE"], !explicit.isEmpty {
            root = URL(fileURLWithPath: Self.expandingTilde(explicit, environment), isDirectory: true)
        } else if let hfHome = environment["HF_HOME"], !hfHome.isEmpty {
            root = URL(fileURLWithPath: Self.expandingTilde(hfHome, environment), isDirectory: true)
                .appendingPathComponent("hub", isDirectory: true)
        } else {
            let xdg = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            let base = xdg.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? Self.homeFolder(environment).appendingPathComponent(".cache", isDirectory: true)
            root = base.appendingPathComponent("huggingface/hub", isDirectory: true)
        }
    }

    /// A cache rooted at an explicit folder (tests use a temporary one).
    public init(root: URL) {
        self.root = root
    }

    /// `models--org--name`: the folder name huggingface_hub gives a model repository.
    public static func folderName(for id: String) -> String {
        (["models"] + id.split(separator: "/").map(String.init)).joined(separator: "--")
    }

    /// The model id a `models--org--name` folder holds, or nil for other folders.
    public static func id(fromFolderName name: String) -> String? {
        guard name.hasPrefix("models--") else { return nil }
        let parts = name.dropFirst("models--".count).components(separatedBy: "--")
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return parts.joined(separator: "/")
    }

    /// The repository folder of `id`.
    public func repository(_ id: String) -> URL {
        root.appendingPathComponent(Self.folderName(for: id), isDirectory: true)
    }

    /// `blobs/<etag>` of `id`.
    public func blob(_ id: String, etag: String) -> URL {
        repository(id).appendingPathComponent("blobs/\(etag)")
    }

    /// `snapshots/<commit>/` of `id`.
    public func snapshot(_ id: String, commit: String) -> URL {
        repository(id).appendingPathComponent("snapshots/\(commit)", isDirectory: true)
    }

    /// `.locks/models--org--name/<etag>.lock`.
    public func lock(_ id: String, etag: String) -> URL {
        root.appendingPathComponent(".locks/\(Self.folderName(for: id))/\(etag).lock")
    }

    /// Whether `text` is a full commit hash (40 lowercase hex digits), as huggingface_hub checks.
    public static func isCommitHash(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The commit `revision` names for `id` on this machine: the revision itself when it is a
    /// commit hash, else the content of `refs/<revision>`; nil when unknown.
    public func commit(_ id: String, revision: String) -> String? {
        if Self.isCommitHash(revision) { return revision }
        let ref = repository(id).appendingPathComponent("refs/\(revision)")
        guard let data = FileManager.default.contents(atPath: ref.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.isCommitHash(text) ? text : nil
    }

    /// Records that `revision` points at `commit` (`refs/<revision>`), atomically, unless the
    /// revision is the commit itself or the ref already says so. No trailing newline, as huggingface_hub writes it.
    public func writeRef(_ id: String, revision: String, commit: String) throws {
        guard revision != commit else { return }
        let ref = repository(id).appendingPathComponent("refs/\(revision)")
        if let data = FileManager.default.contents(atPath: ref.path), String(decoding: data, as: UTF8.self) == commit {
            return
        }
        try FileManager.default.createDirectory(at: ref.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = ref.deletingLastPathComponent()
            .appendingPathComponent("\(ref.lastPathComponent).\(UUID().uuidString.prefix(8).lowercased()).tmp")
        try Data(commit.utf8).write(to: temporary)
        try Self.replace(temporary, with: ref)
    }

    /// Points `snapshots/<commit>/<file>` at `blobs/<etag>` with a relative symlink
    /// (`../../blobs/<etag>`, one more `../` per folder inside `file`), replacing what was there.
    public func link(_ id: String, commit: String, file: String, etag: String) throws {
        let pointer = snapshot(id, commit: commit).appendingPathComponent(file)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: pointer.deletingLastPathComponent(), withIntermediateDirectories: true)
        let depth = file.split(separator: "/").count - 1
        let target = String(repeating: "../", count: depth + 2) + "blobs/\(etag)"
        if let existing = try? fileManager.destinationOfSymbolicLink(atPath: pointer.path), existing == target {
            return
        }
        // Build the link beside the pointer and rename it over, so a reader never sees no file.
        let staging = pointer.deletingLastPathComponent()
            .appendingPathComponent(".\(pointer.lastPathComponent).\(UUID().uuidString.prefix(8)).link")
        try fileManager.createSymbolicLink(atPath: staging.path, withDestinationPath: target)
        try Self.replace(staging, with: pointer)
    }

    /// Writes the `CACHEDIR.TAG` huggingface_hub puts at the root (backup tools skip the folder).
    public func tagRoot() {
        let tag = root.appendingPathComponent("CACHEDIR.TAG")
        guard !FileManager.default.fileExists(atPath: tag.path) else { return }
        let content = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by huggingface_hub.\n"
            + "# For information about cache directory tags, see:\n"
            + "#\thttps://bford.info/cachedir/\n"
        try? Data(content.utf8).write(to: tag, options: .atomic)
    }

    /// Every model id with a folder in the cache, sorted.
    public func modelIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.compactMap(Self.id(fromFolderName:)).sorted()
    }

    /// Every commit with a snapshot folder for `id`.
    public func snapshots(_ id: String) -> [String] {
        let folder = repository(id).appendingPathComponent("snapshots", isDirectory: true)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(Self.isCommitHash).sorted()
    }

    /// rename(2): atomic replacement within one folder.
    static func replace(_ source: URL, with destination: URL) throws {
        if rename(source.path, destination.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: source)
            throw HubError.fileSystem(path: destination.path, reason: String(cString: strerror(code)))
        }
    }

    static func homeFolder(_ environment: [String: String]) -> URL {
        environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
    }

    private static func expandingTilde(_ path: String, _ environment: [String: String]) -> String {
        guard path.hasPrefix("~") else { return path }
        return homeFolder(environment).path + path.dropFirst()
    }
}
