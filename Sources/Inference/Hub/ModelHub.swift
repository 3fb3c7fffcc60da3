import Foundation

/// Turns a model id or folder into a folder of model files on this machine, finding it or fetching
/// it exactly as Python's huggingface_hub would, in its shared cache.
///
/// Resolution order: a folder path; labrun's models folder (`modelsFolder/org/name`, where
/// set-up puts the bundled models); the Hugging Face cache (`refs/<revision>` → `snapshots/<commit>`);
/// then a download from `$HF_ENDPOINT` into that cache, unless `HF_HUB_OFFLINE=1`. Legacy ids
/// (`gpt2`) are looked up under both their old and their current id (`openai-community/gpt2`), and
/// downloaded under the current one.
///
/// Every call blocks the calling thread until it is done (downloads included).
public struct ModelHub: Sendable {
    /// labrun's models folder: one folder per model id (`HuggingFaceTB/SmolLM2-135M-Instruct/`),
    /// where set-up installs the bundled models. The application decides where it is.
    public var modelsFolder: URL
    /// Hub endpoint, token, offline switch and cache.
    public var settings: HubSettings

    /// A hub over `modelsFolder` and the Hugging Face cache, endpoint and token of `settings`.
    public init(modelsFolder: URL, settings: HubSettings) {
        self.modelsFolder = modelsFolder.standardizedFileURL
        self.settings = settings
    }

    /// The cache this hub reads and writes.
    public var cache: HubCache { settings.cache }

    // MARK: - Resolving

    /// The folder of `reference` (a folder path or a model id), downloading it when it is on this
    /// machine in none of the places above, `allowDownload` is true and the hub is not offline.
    ///
    /// - Parameters:
    ///   - revision: branch, tag or commit in the Hub repository (default `main`).
    ///   - gguf: a GGUF file of the repository to use instead of safetensors weights.
    ///   - progress: download events (nothing is reported when the model is already here).
    /// - Throws: `HubError`: `.notOnThisMachine` when offline or downloads are not allowed, and the
    ///   download errors of `pull`.
    public func resolve(
        _ reference: String, revision: String = "main", gguf: String? = nil, allowDownload: Bool = true,
        progress: HubProgress? = nil
    ) throws -> ResolvedModel {
        if let found = try locate(reference, revision: revision, gguf: gguf) { return found }
        guard case let .hub(typed, _) = try ModelReference(reference) else {
            throw HubError.noSuchFolder(path: reference)
        }
        guard allowDownload, !settings.isOffline else {
            throw HubError.notOnThisMachine(id: typed, offline: settings.isOffline)
        }
        return try pull(reference, revision: revision, gguf: gguf, progress: progress)
    }

    /// The folder of `reference` when it is already on this machine (never touches the network),
    /// else nil. Throws only for text that is neither an existing folder path nor a model id.
    public func locate(_ reference: String, revision: String = "main", gguf: String? = nil) throws -> ResolvedModel? {
        switch try ModelReference(reference) {
        case let .folder(url):
            return ResolvedModel(id: nil, directory: url, source: .folder, gguf: Self.gguf(in: url, named: gguf))
        case let .hub(typed, canonical):
            let candidates = typed == canonical ? [canonical] : [canonical, typed]
            if revision == "main" {
                for id in candidates {
                    let folder = modelsFolder.appendingPathComponent(id, isDirectory: true)
                    if Self.isComplete(folder, gguf: gguf) {
                        return ResolvedModel(id: canonical, directory: folder, source: .labrunModels,
                                             gguf: Self.gguf(in: folder, named: gguf))
                    }
                }
            }
            for id in candidates {
                guard let commit = cache.commit(id, revision: revision) else { continue }
                let folder = cache.snapshot(id, commit: commit)
                if Self.isComplete(folder, gguf: gguf) {
                    return ResolvedModel(id: canonical, directory: folder, source: .huggingFaceCache(commit: commit),
                                         gguf: Self.gguf(in: folder, named: gguf))
                }
            }
            return nil
        }
    }

    /// The ids among `ids` that are not on this machine (for `labrun start` to offer a pull), in
    /// their order. Ids that are not valid ids or folders count as missing. Never touches the network.
    public func missing(_ ids: [String]) -> [String] {
        ids.filter { id in ((try? locate(id)) ?? nil) == nil }
    }

    // MARK: - Pulling

    /// What the Hub holds for `id` at `revision` (its commit and files), without downloading any file:
    /// tells whether an id is pullable. Throws `.notOnThisMachine` when offline, and the Hub's errors
    /// (`.noSuchModel`, `.gated`, `.unreachable`, …).
    public func listing(_ id: String, revision: String = "main") throws -> HubRepository {
        guard case let .hub(typed, canonical) = try ModelReference(id) else { throw HubError.invalidID(id) }
        if settings.isOffline { throw HubError.notOnThisMachine(id: typed, offline: true) }
        return try HubClient(settings: settings).repository(canonical, revision: revision)
    }

    /// Downloads the files `reference` needs into the Hugging Face cache (skipping those already
    /// there) and returns its snapshot folder. Contacts the Hub even when the model is cached, to
    /// learn the revision's current commit. Offline (or when the Hub cannot be reached), returns the
    /// local copy, or throws `.notOnThisMachine` (`.unreachable`).
    ///
    /// Each blob is downloaded under `.locks/…/<etag>.lock` to `blobs/<etag>.incomplete` (resumed with a
    /// `Range` request when a previous attempt left one, retried twice when the connection drops), its
    /// size and hash checked (SHA-256 for LFS files, git SHA-1 for the others), then renamed into
    /// place; the snapshot symlinks follow, and `refs/<revision>` last.
    public func pull(
        _ reference: String, revision: String = "main", gguf: String? = nil, progress: HubProgress? = nil
    ) throws -> ResolvedModel {
        guard case let .hub(typed, id) = try ModelReference(reference) else {
            throw HubError.invalidID(reference)
        }
        if settings.isOffline {
            if let found = try locate(reference, revision: revision, gguf: gguf) { return found }
            throw HubError.notOnThisMachine(id: typed, offline: true)
        }
        let client = HubClient(settings: settings)
        let repository: HubRepository
        do {
            repository = try client.repository(id, revision: revision)
        } catch let error as HubError {
            // No network: a copy already here is as good as huggingface_hub's fallback to its cache.
            if case .unreachable = error, let found = try locate(reference, revision: revision, gguf: gguf) { return found }
            throw error
        }
        let listing = HubRepository(id: id, commit: repository.commit, files: repository.files, sizes: repository.sizes)
        let selection = try ModelFileSelection(repository: listing, gguf: gguf)
        let commit = repository.commit
        let snapshot = cache.snapshot(id, commit: commit)
        var files = selection.supportFiles + (selection.index.map { [$0] } ?? []) + selection.weights
        progress?(.listed(id: id, commit: commit, files: files))
        try FileManager.default.createDirectory(at: cache.root, withIntermediateDirectories: true)
        cache.tagRoot()
        for file in selection.supportFiles {
            try fetch(file, of: id, commit: commit, client: client, progress: progress)
        }
        if let index = selection.index {
            try fetch(index, of: id, commit: commit, client: client, progress: progress)
            let shards = try ModelFileSelection.shards(inIndex: snapshot.appendingPathComponent(index))
            for shard in shards where !repository.files.contains(shard) {
                throw HubError.noSuchFile(id: id, file: shard)
            }
            files += shards
            progress?(.listed(id: id, commit: commit, files: files))
            for shard in shards { try fetch(shard, of: id, commit: commit, client: client, progress: progress) }
        }
        for weight in selection.weights {
            try fetch(weight, of: id, commit: commit, client: client, progress: progress)
        }
        try cache.writeRef(id, revision: revision, commit: commit)
        return ResolvedModel(id: id, directory: snapshot, source: .huggingFaceCache(commit: commit),
                             gguf: Self.gguf(in: snapshot, named: gguf))
    }

    /// Puts `file` of `id` at `commit` into the cache, unless its snapshot link already leads to a blob.
    private func fetch(_ file: String, of id: String, commit: String, client: HubClient, progress: HubProgress?) throws {
        let pointer = cache.snapshot(id, commit: commit).appendingPathComponent(file)
        if FileManager.default.fileExists(atPath: pointer.path) {
            progress?(.cached(file: file, bytes: Self.size(of: pointer)))
            return
        }
        let metadata = try client.metadata(id, revision: commit, file: file)
        let blob = cache.blob(id, etag: metadata.etag)
        try FileManager.default.createDirectory(at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileLock.withLock(at: cache.lock(id, etag: metadata.etag), waiting: { progress?(.waiting(file: file)) }) {
            if FileManager.default.fileExists(atPath: blob.path) {
                progress?(.cached(file: file, bytes: Self.size(of: blob)))
            } else {
                try download(file, of: id, metadata: metadata, to: blob, client: client, progress: progress)
            }
            try cache.link(id, commit: commit, file: file, etag: metadata.etag)
        }
    }

    /// Downloads into `<blob>.incomplete`, checks it, and renames it to `blob`.
    private func download(
        _ file: String, of id: String, metadata: HubFileMetadata, to blob: URL, client: HubClient, progress: HubProgress?
    ) throws {
        let partial = URL(fileURLWithPath: blob.path + ".incomplete")
        let already = Self.size(of: partial)
        progress?(.started(file: file, bytes: metadata.size, resumedFrom: already))
        var attempt = 0
        while true {
            do {
                try client.download(metadata, id: id, file: file, into: partial) { received, total in
                    progress?(.received(file: file, bytes: received, of: total))
                }
                break
            } catch let HubError.interrupted(_, _, received, _) where attempt < 2 {
                attempt += 1
                progress?(.retrying(file: file, after: received))
            }
        }
        let size = Self.size(of: partial)
        if let expected = metadata.size, size != expected {
            try? FileManager.default.removeItem(at: partial)
            throw HubError.sizeMismatch(id: id, file: file, expected: expected, actual: size)
        }
        if metadata.isSHA256 || metadata.isGitSHA1 {
            let actual = try FileDigest.hex(of: partial, metadata.isSHA256 ? .sha256 : .gitBlobSHA1)
            if actual != metadata.etag {
                try? FileManager.default.removeItem(at: partial)
                throw HubError.checksumMismatch(id: id, file: file, expected: metadata.etag, actual: actual)
            }
        }
        try HubCache.replace(partial, with: blob)
        progress?(.finished(file: file, bytes: size))
    }

    // MARK: - Removing

    /// What `remove` would delete for `id`, existing paths only: labrun's copy
    /// (`$LABRUN_HOME/models/<id>`, legacy and current id) and, with `includingHFCache`, the Hugging
    /// Face cache folder `models--org--name` and its `.locks` folder.
    public func removalTargets(_ id: String, includingHFCache: Bool) throws -> [URL] {
        guard ModelReference.isValidID(id) else { throw HubError.invalidID(id) }
        let canonical = LegacyModelIDs.canonical(id)
        let ids = canonical == id ? [id] : [canonical, id]
        var targets = ids.map { modelsFolder.appendingPathComponent($0, isDirectory: true) }
        if includingHFCache {
            targets += ids.flatMap {
                [cache.repository($0), cache.root.appendingPathComponent(".locks/\(HubCache.folderName(for: $0))", isDirectory: true)]
            }
        }
        return targets.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Deletes what `removalTargets` lists and returns it (empty when there was nothing).
    public func remove(_ id: String, includingHFCache: Bool) throws -> [URL] {
        let targets = try removalTargets(id, includingHFCache: includingHFCache)
        for target in targets {
            do {
                try FileManager.default.removeItem(at: target)
            } catch {
                throw HubError.fileSystem(path: target.path, reason: "could not delete (\(error.localizedDescription))")
            }
        }
        return targets
    }

    // MARK: - Listing

    /// Every model on this machine: labrun's models folder, then the newest complete snapshot of each
    /// model in the Hugging Face cache, sorted by id within each.
    public func installedModels() -> [LocalModel] {
        var models = LocalModel.all(in: modelsFolder)
        for id in cache.modelIDs() {
            let snapshots = cache.snapshots(id).compactMap { commit -> (String, URL, Date)? in
                let folder = cache.snapshot(id, commit: commit)
                guard Self.isComplete(folder, gguf: nil) else { return nil }
                let date = (try? FileManager.default.attributesOfItem(atPath: folder.path)[.modificationDate] as? Date) ?? .distantPast
                return (commit, folder, date)
            }
            // Prefer the snapshot refs/main names; else the newest.
            let main = cache.commit(id, revision: "main")
            guard let chosen = snapshots.first(where: { $0.0 == main }) ?? snapshots.max(by: { $0.2 < $1.2 }) else { continue }
            if let model = LocalModel(id: id, directory: chosen.1, location: .huggingFaceCache(commit: chosen.0)) {
                models.append(model)
            }
        }
        return models
    }

    // MARK: - Helpers

    /// Whether `folder` holds a usable model: the named GGUF; else a `.gguf` (it carries its
    /// tokenizer); else safetensors weights (`model.safetensors`, or every shard of
    /// `model.safetensors.index.json`) with `config.json` and a tokenizer (`tokenizer.json`,
    /// `vocab.txt`, or `vocab.json` + `merges.txt`). Symlinks count only when their blob exists, so a
    /// half-downloaded snapshot is never used.
    static func isComplete(_ folder: URL, gguf: String?) -> Bool {
        let fileManager = FileManager.default
        func has(_ name: String) -> Bool { fileManager.fileExists(atPath: folder.appendingPathComponent(name).path) }
        if let gguf { return has(gguf) }
        let files = (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? []
        let hasSafetensors: Bool
        if has("model.safetensors") {
            hasSafetensors = true
        } else if has("model.safetensors.index.json") {
            let shards = (try? ModelFileSelection.shards(inIndex: folder.appendingPathComponent("model.safetensors.index.json"))) ?? []
            hasSafetensors = !shards.isEmpty && shards.allSatisfy(has)
        } else {
            // A folder without safetensors may hold `pytorch_model.bin` (read by PyTorchCheckpoint).
            hasSafetensors = files.contains { $0.hasSuffix(".safetensors") && has($0) } || has("pytorch_model.bin")
        }
        if hasSafetensors {
            let hasTokenizer = has("tokenizer.json") || has("vocab.txt") || (has("vocab.json") && has("merges.txt"))
            if has("config.json") && hasTokenizer { return true }
        }
        return files.contains { $0.lowercased().hasSuffix(".gguf") && has($0) }
    }

    /// The GGUF to load from `folder`: `name` when given, else the only `.gguf` of a folder without safetensors.
    static func gguf(in folder: URL, named name: String?) -> URL? {
        if let name { return folder.appendingPathComponent(name) }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !files.contains(where: { $0.hasSuffix(".safetensors") }) else { return nil }
        let ggufs = files.filter { $0.lowercased().hasSuffix(".gguf") }
        return ggufs.count == 1 ? folder.appendingPathComponent(ggufs[0]) : nil
    }

    /// The size of the file at `url` (following a symlink), 0 when absent.
    static func size(of url: URL) -> Int64 {
        let path = url.resolvingSymlinksInPath().path
        return ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
