import Foundation

/// Loads the model a folder holds, choosing the architecture from its files (`config.json`'s
/// `model_type` for the built-in BERT and GPT-2). Other architectures (Llama from GGUF or
/// safetensors) plug in with `register(_:)`; registered ones are tried first, in order.
public enum ModelLoader {
    /// One architecture the loader knows.
    public struct Architecture: Sendable {
        /// A short name for messages (`"llama"`).
        public var name: String
        /// Whether the folder holds a model of this architecture (looks at files only; cheap).
        public var accepts: @Sendable (URL) -> Bool
        /// Loads it; the result should conform to `CausalLanguageModel`, `MaskedLanguageModel` or `TextEncoder`.
        public var load: @Sendable (URL) throws -> any Sendable

        /// An architecture description.
        public init(name: String, accepts: @escaping @Sendable (URL) -> Bool, load: @escaping @Sendable (URL) throws -> any Sendable) {
            self.name = name
            self.accepts = accepts
            self.load = load
        }
    }

    private static let registry = Registry()

    /// Adds an architecture, tried before the built-in ones (later registrations first).
    public static func register(_ architecture: Architecture) {
        registry.add(architecture)
    }

    /// The `model_type` of `directory/config.json`, or nil.
    public static func modelType(in directory: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("config.json").path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return object["model_type"] as? String
    }

    /// The built-in architectures: Llama from GGUF, BERT and GPT-2 from safetensors.
    public static let builtIn: [Architecture] = [
        Architecture(name: "llama", accepts: { LlamaModel.accepts(directory: $0) }, load: { try LlamaModel(directory: $0) }),
        Architecture(name: "bert", accepts: { modelType(in: $0) == "bert" }, load: { try BERTModel(directory: $0) }),
        Architecture(name: "gpt2", accepts: { modelType(in: $0) == "gpt2" }, load: { try GPT2Model(directory: $0) }),
    ]

    /// Loads the model in `directory`.
    /// - Throws: `ModelError` when no architecture accepts the folder, or the loader's own error.
    public static func load(directory: URL) throws -> any Sendable {
        let architectures = registry.all() + builtIn
        if let architecture = architectures.first(where: { $0.accepts(directory) }) {
            return try architecture.load(directory)
        }
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw ModelError(file: directory.path, problem: "no such model folder")
        }
        if let type = modelType(in: directory) {
            throw ModelError(file: directory.appendingPathComponent("config.json").path,
                             problem: "model_type \"\(type)\" is not supported (supported: \(architectures.map(\.name).joined(separator: ", ")))")
        }
        throw ModelError(file: directory.path, problem: "no config.json (or other model file) that says which architecture this is")
    }

    /// The registered architectures, guarded by a lock.
    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var architectures: [Architecture] = []

        func add(_ architecture: Architecture) {
            lock.lock(); defer { lock.unlock() }
            architectures.insert(architecture, at: 0)
        }

        func all() -> [Architecture] {
            lock.lock(); defer { lock.unlock() }
            return architectures
        }
    }
}
