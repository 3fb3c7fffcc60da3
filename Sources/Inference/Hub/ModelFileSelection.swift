import Foundation

/// The files of a repository that labrun needs to run the model, in download order: configuration
/// and tokenizer files first, weights last (so a folder with its weights is a complete folder).
///
/// Weights: `model.safetensors`; else the shards named by `model.safetensors.index.json`; else
/// `pytorch_model.bin`; else, with
/// `gguf`, that GGUF file; else the repository's only `.gguf` file.
public struct ModelFileSelection: Sendable, Equatable {
    /// Configuration, tokenizer and sentence-transformers files, in download order.
    public let supportFiles: [String]
    /// `model.safetensors.index.json` when the weights are sharded (the shards are read from it).
    public let index: String?
    /// Weight files known from the listing (empty when they come from the index).
    public let weights: [String]

    /// Files a model folder may need besides its weights, when the repository has them.
    static let supportNames: Set<String> = [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "added_tokens.json", "vocab.txt", "vocab.json", "merges.txt",
        "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json",
    ]

    /// Chooses from `repository.files`; throws when no weights labrun reads are there.
    public init(repository: HubRepository, gguf: String?) throws {
        let files = repository.files
        let support = files.filter { file in
            // Top-level support files, and the configuration of sentence-transformers modules (1_Pooling/config.json).
            Self.supportNames.contains(file)
                || (file.split(separator: "/").count == 2 && file.hasSuffix("/config.json") && !file.hasPrefix("."))
        }
        supportFiles = support.sorted()
        let ggufs = files.filter { $0.lowercased().hasSuffix(".gguf") }.sorted()
        if let gguf {
            guard files.contains(gguf) else {
                throw HubError.noSuchGGUF(id: repository.id, file: gguf, available: ggufs)
            }
            index = nil
            weights = [gguf]
        } else if files.contains("model.safetensors") {
            index = nil
            weights = ["model.safetensors"]
        } else if files.contains("model.safetensors.index.json") {
            index = "model.safetensors.index.json"
            weights = []
        } else if files.contains("pytorch_model.bin") {
            // Older classifiers (facebook/roberta-hate-speech-dynabench-r4-target) ship only this;
            // PyTorchCheckpoint reads it without running its pickle.
            index = nil
            weights = ["pytorch_model.bin"]
        } else if ggufs.count == 1 {
            index = nil
            weights = ggufs
        } else if ggufs.count > 1 {
            throw HubError.noSuchGGUF(id: repository.id, file: "(none chosen: pass --gguf FILE)", available: ggufs)
        } else {
            throw HubError.noUsableWeights(id: repository.id, files: files.sorted())
        }
    }

    /// The shard files a `model.safetensors.index.json` names (its `weight_map` values), sorted and unique.
    public static func shards(inIndex url: URL) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let map = object["weight_map"] as? [String: String]
        else {
            throw HubError.fileSystem(path: url.path, reason: "not a safetensors index (no weight_map object)")
        }
        let shards = Set(map.values)
        for shard in shards where shard.contains("..") || shard.hasPrefix("/") {
            throw HubError.fileSystem(path: url.path, reason: "weight_map names a file outside the model: \(shard)")
        }
        return shards.sorted()
    }
}
