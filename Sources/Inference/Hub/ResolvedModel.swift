import Foundation

/// A model found (or fetched) on this machine: the folder an engine loads it from.
public struct ResolvedModel: Sendable, Equatable {
    /// Where the folder came from.
    public enum Source: Sendable, Equatable {
        /// A folder path the user gave.
        case folder
        /// labrun's models folder (`$LABRUN_HOME/models/org/name`, where set-up puts the bundled models).
        case labrunModels
        /// A snapshot in the Hugging Face cache (already there, or just downloaded).
        case huggingFaceCache(commit: String)
    }

    /// The model id (the Hub's current id for a legacy one), or nil for a folder path.
    public let id: String?
    /// The folder holding config, tokenizer and weight files (in the HF cache, a `snapshots/<commit>` folder of symlinks).
    public let directory: URL
    /// Where the folder came from.
    public let source: Source
    /// The GGUF file to load: the one asked for, or the folder's only `.gguf` when it has no safetensors.
    public let gguf: URL?

    /// A resolved model with every field given.
    public init(id: String?, directory: URL, source: Source, gguf: URL?) {
        self.id = id
        self.directory = directory
        self.source = source
        self.gguf = gguf
    }
}
