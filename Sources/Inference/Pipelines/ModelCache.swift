import Foundation

/// The models and tokenizers one labrun process has loaded, keyed by folder: a model is loaded
/// the first time any pipeline needs it and then shared by every pipeline (fill-mask and feature
/// extraction on the same BERT folder use one copy). Thread-safe; loads are serialised.
///
/// There is no process-wide instance: whoever runs lab code creates one and hands it to each
/// run's model provider, so `labrun check --run` shares models across its steps while tests keep
/// their own.
public final class ModelCache: @unchecked Sendable {
    /// Computes the weights digest of the models loaded here (nil: models carry no digest).
    public let fingerprint: WeightsFingerprint?
    private let lock = NSRecursiveLock()
    private var models: [String: LoadedModel] = [:]
    private var tokenizers: [String: any Tokenizer] = [:]

    /// An empty cache; its models' digests come from `fingerprint`.
    public init(fingerprint: WeightsFingerprint? = nil) {
        self.fingerprint = fingerprint
    }

    /// The key of a folder (and the GGUF file chosen in it): standardised absolute paths, symbolic links resolved.
    static func key(_ directory: URL, gguf: URL? = nil) -> String {
        let folder = directory.standardizedFileURL.resolvingSymlinksInPath().path
        return gguf.map { folder + "|" + $0.standardizedFileURL.resolvingSymlinksInPath().path } ?? folder
    }

    /// The model `resolved` names, loading it with `ModelLoader` on first use.
    /// - Throws: the loader's error (nothing is cached then).
    public func model(_ resolved: ResolvedModel) throws -> LoadedModel {
        try model(ModelLoader.ModelFiles(id: resolved.id ?? resolved.directory.path, directory: resolved.directory,
                                         gguf: resolved.gguf, fingerprint: fingerprint))
    }

    /// The model in `directory`, known by its path, loading it on first use.
    /// - Throws: the loader's error (nothing is cached then).
    public func model(at directory: URL) throws -> LoadedModel {
        try model(ModelLoader.ModelFiles(id: directory.path, directory: directory, fingerprint: fingerprint))
    }

    private func model(_ files: ModelLoader.ModelFiles) throws -> LoadedModel {
        let key = Self.key(files.directory, gguf: files.gguf)
        lock.lock(); defer { lock.unlock() }
        if let model = models[key] { return model }
        let model = try ModelLoader.load(files)
        models[key] = model
        return model
    }

    /// The tokenizer of the model in `directory`: the loaded model's when it is in memory, else
    /// read from the folder's tokenizer files (faster than loading the weights), else from
    /// loading the model (a GGUF file carries its tokenizer).
    /// - Throws: `TokenizerError` for bad tokenizer files; the loader's error.
    public func tokenizer(_ resolved: ResolvedModel) throws -> any Tokenizer {
        let key = Self.key(resolved.directory, gguf: resolved.gguf)
        lock.lock(); defer { lock.unlock() }
        if let model = models[key] { return model.tokenizer }
        if let tokenizer = tokenizers[key] { return tokenizer }
        let tokenizer = Self.hasTokenizerFiles(resolved.directory)
            ? try TokenizerLoader.load(directory: resolved.directory)
            : try model(resolved).tokenizer
        tokenizers[key] = tokenizer
        return tokenizer
    }

    /// Forgets every model and tokenizer (they are freed once no pipeline holds them).
    public func removeAll() {
        lock.lock(); defer { lock.unlock() }
        models.removeAll()
        tokenizers.removeAll()
    }

    private static func hasTokenizerFiles(_ directory: URL) -> Bool {
        ["tokenizer.json", "vocab.txt", "vocab.json"].contains {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
    }
}
