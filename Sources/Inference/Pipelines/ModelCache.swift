import Foundation

/// The models loaded in this process, keyed by folder: a model is loaded the first time any
/// pipeline needs it and then shared by every pipeline (fill-mask and feature extraction on the
/// same BERT folder use one copy). Thread-safe; loads are serialised.
public final class ModelCache: @unchecked Sendable {
    /// The process-wide cache.
    public static let shared = ModelCache()

    private let lock = NSRecursiveLock()
    private var models: [String: any Sendable] = [:]

    /// An empty cache (tests use their own).
    public init() {}

    /// The key of a folder: its standardised absolute path, symbolic links resolved.
    static func key(_ directory: URL) -> String {
        directory.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The model in `directory`, loading it with `ModelLoader` on first use.
    /// - Throws: the loader's error (nothing is cached then).
    public func model(at directory: URL) throws -> any Sendable {
        let key = Self.key(directory)
        lock.lock(); defer { lock.unlock() }
        if let model = models[key] { return model }
        let model = try ModelLoader.load(directory: directory)
        models[key] = model
        return model
    }

    /// Puts an already built model in the cache under `directory` (e.g. one made from random weights).
    public func insert(_ model: any Sendable, for directory: URL) {
        lock.lock(); defer { lock.unlock() }
        models[Self.key(directory)] = model
    }

    /// Whether the model of `directory` is loaded.
    public func contains(_ directory: URL) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return models[Self.key(directory)] != nil
    }

    /// Forgets every model (they are freed once no pipeline holds them).
    public func removeAll() {
        lock.lock(); defer { lock.unlock() }
        models.removeAll()
    }

    /// The model in `directory` as a masked language model.
    /// - Throws: `ModelError` when the model is of another kind.
    public func maskedLanguageModel(at directory: URL) throws -> any MaskedLanguageModel {
        guard let model = try model(at: directory) as? any MaskedLanguageModel else {
            throw ModelError(file: directory.path, problem: "this model cannot fill masks (it is not a masked language model such as BERT)")
        }
        return model
    }

    /// The model in `directory` as a causal language model.
    /// - Throws: `ModelError` when the model is of another kind.
    public func causalLanguageModel(at directory: URL) throws -> any CausalLanguageModel {
        guard let model = try model(at: directory) as? any CausalLanguageModel else {
            throw ModelError(file: directory.path, problem: "this model cannot generate text (it is not a causal language model such as GPT-2 or Llama)")
        }
        return model
    }

    /// The model in `directory` as a text encoder.
    /// - Throws: `ModelError` when the model is of another kind.
    public func textEncoder(at directory: URL) throws -> any TextEncoder {
        guard let model = try model(at: directory) as? any TextEncoder else {
            throw ModelError(file: directory.path, problem: "this model does not produce embeddings (it is not an encoder such as BERT)")
        }
        return model
    }
}
