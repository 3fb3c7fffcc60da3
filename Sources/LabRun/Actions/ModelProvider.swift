import Foundation
import Inference
import LabScript

/// Turns the model ids that lab code names into loaded models, for one run of a step.
///
/// - `--model ID` substitution: when `substitute` is set, every model the code names is replaced
///   by it (the lab still says which model it asked for, in the provenance and in `explain`).
/// - Ids resolve through the model hub (a folder, labrun's models folder, the Hugging Face cache,
///   then a download unless offline), and loaded models are shared through `ModelCache.shared`.
/// - Every model used is remembered with its provenance, for the record of the run.
public final class ModelProvider: @unchecked Sendable {
    /// The hub that resolves ids to folders.
    public let hub: ModelHub
    /// The model that replaces every model the code names (`labrun step N --model ID`), or nil.
    public let substitute: String?
    /// Where download progress goes (a bar on standard error by default).
    let progress: HubProgress?
    private let lock = NSLock()
    private var resolved: [String: ResolvedModel] = [:]
    private var used: [ModelUse] = []
    private var usedSeeds: [UInt64] = []

    /// A provider over `hub`; `substitute` replaces every requested model.
    public init(hub: ModelHub = ModelHub(), substitute: String? = nil,
                progress: HubProgress? = DownloadProgressBar.standardError().handle) {
        self.hub = hub
        self.substitute = substitute
        self.progress = progress
    }

    /// The model id actually run when the code asks for `requested`.
    public func effectiveID(for requested: String) -> String {
        substitute ?? requested
    }

    /// The folder of the model the code asked for (after substitution), downloading it if needed.
    /// - Throws: `HostError` (an `OSError` the program sees) saying what to do when it is missing.
    public func resolve(_ requested: String, task: String) throws -> ResolvedModel {
        let id = effectiveID(for: requested)
        if let known = lock.withLock({ resolved[id] }) {
            record(ModelUse(requested: requested, id: id, task: task, directory: known.directory, weights: known.gguf))
            return known
        }
        let model: ResolvedModel
        do {
            model = try hub.resolve(id, progress: progress)
        } catch {
            if LocalModel.bundledIDs.contains(id), (try? hub.locate(id)) ?? nil == nil {
                throw HostError(kind: "OSError", message: "the bundled model \(id) is not installed in \(hub.home.models.path); run `make setup` (scripts/install-models.sh) to install it")
            }
            throw HostError(kind: "OSError", message: "\(error)")
        }
        lock.withLock { resolved[id] = model }
        record(ModelUse(requested: requested, id: id, task: task, directory: model.directory, weights: model.gguf))
        return model
    }

    /// Every model resolved so far, in first-use order, one entry per (id, task).
    public var uses: [ModelUse] {
        lock.withLock { used }
    }

    /// Remembers a seed a sampling call used, for the provenance.
    public func noteSeed(_ seed: UInt64) {
        lock.withLock { usedSeeds.append(seed) }
    }

    /// The seeds sampling calls used, in order.
    public var seeds: [UInt64] {
        lock.withLock { usedSeeds }
    }

    private func record(_ use: ModelUse) {
        lock.withLock {
            if !used.contains(where: { $0.id == use.id && $0.task == use.task }) { used.append(use) }
        }
    }
}

/// One model a run used: what the code asked for, what ran, for which task, and from where.
public struct ModelUse: Sendable, Equatable, Codable {
    /// The id written in the lab's code.
    public var requested: String
    /// The id that ran (differs from `requested` under `--model`).
    public var id: String
    /// The pipeline task or action (`fill-mask`, `text-generation`, `labrun.seat`).
    public var task: String
    /// The model's folder.
    public var directory: URL
    /// The GGUF file, for GGUF models.
    public var weights: URL?
}
