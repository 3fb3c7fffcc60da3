import Foundation
import Inference
import LabKit

/// `labrun models list|pull|path|rm`: the models on this machine, through the state's hub.
public struct ModelLibrary: Sendable {
    /// The hub over the state's models folder and the Hugging Face cache.
    public let hub: ModelHub

    /// The library of `state`.
    public init(state: LabRunState = LabRunState()) {
        hub = state.hub()
    }

    /// `labrun models list`.
    public func list() -> ModelListing {
        ModelListing(models: hub.installedModels(), modelsFolder: hub.modelsFolder.path, cacheFolder: hub.cache.root.path)
    }

    /// `labrun models pull`: each id's folder, downloaded unless labrun's models folder has it;
    /// `announce` hears one line per model as it is done.
    public func pull(_ ids: [String], revision: String, gguf: String?, announce: (String) -> Void) throws -> [PulledModel] {
        let display = DownloadProgressBar.standardError()
        return try ids.map { id in
            var model: ResolvedModel
            if revision == "main", let local = try hub.locate(id, gguf: gguf), local.source == .labrunModels {
                model = local
            } else {
                model = try hub.pull(id, revision: revision, gguf: gguf, progress: display.handle)
            }
            let name = model.id ?? id
            switch model.source {
            case .labrunModels, .folder: announce("\(name) is already on this machine: \(model.directory.path)")
            case let .huggingFaceCache(commit): announce("\(name) at \(commit.prefix(7)): \(model.directory.path)")
            }
            return PulledModel(id: name, path: model.directory.path, gguf: model.gguf?.path)
        }
    }

    /// `labrun models path`: the folder (or, with `gguf`, the file) `id` resolves to; never downloads.
    /// - Throws: `HubError.notOnThisMachine` when it is not here.
    public func path(_ id: String, revision: String, gguf: String?) throws -> String {
        guard let model = try hub.locate(id, revision: revision, gguf: gguf) else {
            throw HubError.notOnThisMachine(id: id, offline: hub.settings.isOffline)
        }
        return (gguf != nil ? model.gguf : nil)?.path ?? model.directory.path
    }

    /// `labrun models rm`: deletes labrun's copy of `id` (and the Hugging Face cache's with
    /// `includingHFCache`) once `confirm` agrees to the list of folders; nil when it does not.
    /// - Throws: `CommandFailure` when there is no copy to delete.
    public func remove(_ id: String, includingHFCache: Bool, confirm: ([URL]) -> Bool) throws -> ModelRemoval? {
        let targets = try hub.removalTargets(id, includingHFCache: includingHFCache)
        guard !targets.isEmpty else {
            let inCache = !includingHFCache && !((try? hub.removalTargets(id, includingHFCache: true)) ?? []).isEmpty
            let hint = inCache ? "; it is in the Hugging Face cache: add --hf-cache to delete it there" : ""
            throw CommandFailure("no copy of \(id) to delete\(hint)")
        }
        guard confirm(targets) else { return nil }
        let removed = try hub.remove(id, includingHFCache: includingHFCache)
        return ModelRemoval(deleted: removed.map(\.path), bundled: LocalModel.bundledIDs.contains(LegacyModelIDs.canonical(id)), id: id)
    }
}

/// The models on this machine, as `labrun models list` shows them.
public struct ModelListing: CommandResult {
    /// One model.
    public struct Entry: Encodable, Sendable {
        public let id: String
        public let path: String
        public let size: Int64
        public let format: String
        public let bundled: Bool
        /// `labrun` or `hf-cache`.
        public let location: String
        public let architecture: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(path, forKey: .path)
            try container.encode(size, forKey: .size)
            try container.encode(format, forKey: .format)
            try container.encode(bundled, forKey: .bundled)
            try container.encode(location, forKey: .location)
            try container.encode(architecture, forKey: .architecture)  // null when unknown, never left out
        }

        enum CodingKeys: String, CodingKey { case id, path, size, format, bundled, location, architecture }
    }

    public let models: [Entry]
    let modelsFolder: String
    let cacheFolder: String

    init(models: [LocalModel], modelsFolder: String, cacheFolder: String) {
        self.models = models.map {
            Entry(id: $0.id, path: $0.directory.path, size: $0.sizeInBytes, format: $0.format.rawValue, bundled: $0.isBundled,
                  location: $0.location.name, architecture: $0.architecture)
        }
        self.modelsFolder = modelsFolder
        self.cacheFolder = cacheFolder
    }

    /// As JSON: the array of models.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(models)
    }

    public func text(on terminal: Terminal) -> String {
        guard !models.isEmpty else { return "No models in \(modelsFolder).\nInstall the bundled ones with: make setup\n" }
        let idWidth = max(2, models.map(\.id.count).max() ?? 0)
        let archWidth = max(4, models.map { ($0.architecture ?? "-").count }.max() ?? 0)
        var lines = [TerminalStyle.bold.apply(
            pad("ID", idWidth) + "  WHERE     SIZE      FORMAT       " + pad("ARCH", archWidth) + "  BUNDLED", on: terminal)]
        for model in models {
            lines.append(pad(model.id, idWidth) + "  " + pad(model.location, 8) + "  " + pad(ByteCount.format(model.size), 8)
                + "  " + pad(model.format, 11) + "  " + pad(model.architecture ?? "-", archWidth) + "  " + (model.bundled ? "yes" : "no"))
        }
        lines.append(TerminalStyle.dim.apply("in \(modelsFolder)", on: terminal))
        if models.contains(where: { $0.location != "labrun" }) {
            lines.append(TerminalStyle.dim.apply("and \(cacheFolder)", on: terminal))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A model `labrun models pull` fetched or found.
public struct PulledModel: Encodable, Sendable {
    public let id: String
    public let path: String
    public let gguf: String?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(path, forKey: .path)
        try container.encode(gguf, forKey: .gguf)
    }

    enum CodingKeys: String, CodingKey { case id, path, gguf }
}

/// The pulled models, as `--json` prints them (the lines were printed as each finished).
public struct PulledModels: CommandResult {
    public let models: [PulledModel]

    public init(_ models: [PulledModel]) {
        self.models = models
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(models)
    }

    public func text(on terminal: Terminal) -> String { "" }
}

/// What `labrun models rm` deleted.
public struct ModelRemoval: CommandResult {
    public let deleted: [String]
    /// Whether it was a bundled model (set-up reinstalls it).
    public let bundled: Bool
    public let id: String

    public func text(on terminal: Terminal) -> String {
        var lines = deleted.map { "deleted \($0)" }
        if bundled { lines.append("\(id) is a bundled model; reinstall it with: make setup") }
        return lines.joined(separator: "\n") + "\n"
    }
}
