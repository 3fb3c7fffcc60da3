import Foundation
import Inference
import LabScript

/// The models of one run of lab code: it turns the ids the code names into loaded models, holds
/// the run's `set_seed` seed, and remembers what ran for the provenance.
///
/// - `--model ID` substitution: when `substitute` is set, every model the code names is replaced
///   by it (the lab still says which model it asked for, in the provenance and in `explain`).
/// - Ids resolve through the model hub (a folder, labrun's models folder, the Hugging Face cache,
///   then a download unless offline); models load through `cache`, which several runs may share
///   (`labrun check --run` hands one cache to every lab's run).
/// - Every model used is recorded when it is loaded, with what loading learnt about it.
public final class ModelProvider: @unchecked Sendable {
    /// The hub that resolves ids to folders.
    public let hub: ModelHub
    /// Where loaded models are kept.
    public let cache: ModelCache
    /// The model that replaces every model the code names (`labrun step N --model ID`), or nil.
    public let substitute: String?
    /// Where download progress goes (a bar on standard error by default).
    let progress: HubProgress?
    /// The student's workspace: trained models are saved under its `labrun-work/models/`.
    public let workspace: URL
    /// The run's training context: the lab's cap, Ctrl-C, and the training runs to record.
    public let training = TrainingContext()
    private let lock = NSLock()
    private var resolved: [String: ResolvedModel] = [:]
    private var trained: [String: (model: LoadedModel, origin: TrainedOrigin)] = [:]
    private var used: [ModelUse] = []
    private var usedSeeds: [UInt64] = []
    private var defaultSeed: UInt64?

    /// A provider over `hub` (nil: the hub of `state`'s models folder) loading into `cache` (nil: a
    /// new cache whose digests are remembered in `state`); `substitute` replaces every requested model;
    /// what training saves goes under `workspace`.
    public init(state: LabRunState = LabRunState(), hub: ModelHub? = nil, cache: ModelCache? = nil, substitute: String? = nil,
                progress: HubProgress? = DownloadProgressBar.standardError().handle,
                workspace: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.workspace = workspace
        self.hub = hub ?? state.hub()
        self.cache = cache ?? ModelCache(fingerprint: state.fingerprint)
        self.substitute = substitute
        self.progress = progress
    }

    /// The model id actually run when the code asks for `requested`.
    public func effectiveID(for requested: String) -> String {
        substitute ?? requested
    }

    /// The model the code asked for (after substitution), downloaded and loaded if needed, and
    /// recorded as used for `task` (a pipeline task or a `labrun.` action).
    /// - Throws: `HostError` (an `OSError` the program sees) saying what to do when it is missing
    ///   or cannot be loaded.
    public func model(_ requested: String, task: String) throws -> LoadedModel {
        if let entry = lock.withLock({ trained[requested] }) {
            let (model, origin) = entry
            record(ModelUse(requested: requested, id: requested, task: task, directory: model.directory, weightsFile: nil,
                            tokenizerKind: model.tokenizerKind, numericPath: model.numericPath, digest: { origin.weightsSHA256 },
                            trained: origin))
            return model
        }
        let location = try resolve(requested)
        let model: LoadedModel
        do {
            model = try cache.model(location)
        } catch {
            throw HostError(kind: "OSError", message: "\(error)")
        }
        record(ModelUse(requested: requested, id: effectiveID(for: requested), task: task, directory: model.directory,
                        weightsFile: model.weightsFile, tokenizerKind: model.tokenizerKind, numericPath: model.numericPath,
                        digest: { model.weightsDigest }))
        return model
    }

    /// Makes a model trained in this run known by its id (`…@trained-3`), to every later pipeline
    /// and metric of the run; `--model` does not replace it. `origin` is what its provenance says.
    func register(trained model: LoadedModel, origin: TrainedOrigin) {
        lock.withLock { trained[model.id] = (model, origin) }
    }

    /// The SHA-256 of the weight file of `location` (the GGUF file, or the folder's safetensors),
    /// computed or read from the digest cache when first asked for; nil when there is none.
    func weightsDigest(of location: ResolvedModel) -> @Sendable () -> String? {
        let weightsFile = WeightsFingerprint.weightsFile(in: location.directory, gguf: location.gguf)
        let fingerprint = cache.fingerprint
        return { weightsFile.flatMap { fingerprint?.digest(of: $0) } }
    }

    /// The tokenizer of the model the code asked for, without loading the weights when the folder
    /// has tokenizer files; recorded as a `tokenizer` use.
    /// - Throws: `HostError` (`OSError`) when the model is missing or its tokenizer cannot be read.
    public func tokenizer(_ requested: String) throws -> any Tokenizer {
        let location = try resolve(requested)
        let tokenizer: any Tokenizer
        do {
            tokenizer = try cache.tokenizer(location)
        } catch {
            throw HostError(kind: "OSError", message: "\(error)")
        }
        record(ModelUse(requested: requested, id: effectiveID(for: requested), task: "tokenizer", directory: location.directory,
                        weightsFile: WeightsFingerprint.weightsFile(in: location.directory, gguf: location.gguf),
                        tokenizerKind: tokenizer.kind, numericPath: nil, digest: weightsDigest(of: location)))
        return tokenizer
    }

    /// `model ID, from WHERE` for `labrun explain`: the model that runs when the code asks for
    /// `requested` (saying so when `--model` replaced it) and where the hub finds it, without
    /// loading or downloading anything.
    func describe(_ requested: String) -> String {
        let id = effectiveID(for: requested)
        let whereFrom: String
        if let found = try? hub.locate(id) {
            switch found.source {
            case .folder: whereFrom = "a local folder"
            case .labrunModels: whereFrom = "labrun's models folder"
            case .huggingFaceCache: whereFrom = "the Hugging Face cache"
            }
        } else {
            whereFrom = "not on this machine: `labrun models pull \(id)`"
        }
        let name = id == requested ? "model \(id)" : "model \(id) (instead of \(requested), by --model)"
        return "\(name), from \(whereFrom)"
    }

    /// The folder of the model the code asked for (after substitution), downloading it if needed.
    /// - Throws: `HostError` (`OSError`) saying what to do when it is missing.
    func resolve(_ requested: String) throws -> ResolvedModel {
        let id = effectiveID(for: requested)
        if let known = lock.withLock({ resolved[id] }) { return known }
        let model: ResolvedModel
        do {
            model = try hub.resolve(id, progress: progress)
        } catch {
            if LocalModel.bundledIDs.contains(id), (try? hub.locate(id)) ?? nil == nil {
                throw HostError(kind: "OSError", message: "the bundled model \(id) is not installed in \(hub.modelsFolder.path); run `make setup` (scripts/install-models.sh) to install it")
            }
            throw HostError(kind: "OSError", message: "\(error)")
        }
        lock.withLock { resolved[id] = model }
        return model
    }

    /// Every model used so far, in first-use order, one entry per (id, task).
    public var uses: [ModelUse] {
        lock.withLock { used }
    }

    /// The seed `set_seed(n)` set for this run: sampling calls that pass no `seed=` use it.
    public var seed: UInt64? {
        get { lock.withLock { defaultSeed } }
        set { lock.withLock { defaultSeed = newValue } }
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

/// One model a run used, as it was when loaded: what the code asked for, what ran, for which
/// task, from where, and how.
public struct ModelUse: Sendable {
    /// The id written in the lab's code.
    public var requested: String
    /// The id that ran (differs from `requested` under `--model`).
    public var id: String
    /// The pipeline task or action (`fill-mask`, `text-generation`, `labrun.seat`, `tokenizer`).
    public var task: String
    /// The model's folder.
    public var directory: URL
    /// The weight file (for a tokenizer use, the one that goes with it).
    public var weightsFile: URL?
    /// The tokenizer kind (`WordPiece`, `byte-level BPE`).
    public var tokenizerKind: String?
    /// The loaded model's numeric path (`float32`, `gguf fast`); nil when only its tokenizer was used.
    public var numericPath: String?
    let digest: @Sendable () -> String?
    /// For a model trained in the run, what it was trained from and how; nil otherwise.
    public var trained: TrainedOrigin?

    init(requested: String, id: String, task: String, directory: URL, weightsFile: URL?, tokenizerKind: String?,
         numericPath: String?, digest: @escaping @Sendable () -> String?, trained: TrainedOrigin? = nil) {
        self.requested = requested
        self.id = id
        self.task = task
        self.directory = directory
        self.weightsFile = weightsFile
        self.tokenizerKind = tokenizerKind
        self.numericPath = numericPath
        self.digest = digest
        self.trained = trained
    }

    /// The weight file's SHA-256 (computed on first use, then remembered), when it can be read;
    /// for a fully fine-tuned model, the SHA-256 of its weights (see `TrainedOrigin`).
    public var weightsDigest: String? { digest() }
}

/// What a model trained in the run (`<base>+lora@trained-N`) came from, for its provenance: the
/// base's weight file, the SHA-256 of the tensors training changes, and the run that last changed
/// them. A tensor digest is SHA-256 over the float32 bytes of the tensors, in the order of their
/// names (`ParameterSet.sha256`).
public struct TrainedOrigin: Sendable {
    /// The SHA-256 of the base's weight file, computed (or read from the digest cache) when asked for.
    let baseDigest: @Sendable () -> String?
    /// The digest of the LoRA adapter's tensors; nil for a fully fine-tuned model.
    public var adapterSHA256: String?
    /// The digest of every weight of a fully fine-tuned model; nil when an adapter was trained.
    public var weightsSHA256: String?
    /// The training run that last changed the weights; nil when none did (an adapter just attached or loaded).
    public var training: Provenance.Training?

    /// The SHA-256 of the base's weight file, when it can be read.
    public var baseSHA256: String? { baseDigest() }
}
