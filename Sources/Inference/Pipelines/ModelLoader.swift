import Foundation

/// Loads the model a folder holds, choosing the architecture from its files: a `.gguf` file or
/// `config.json`'s `model_type` (`llama`, `bert`, `gpt2`). A new architecture is one more entry
/// of `architectures`, which fills the `LoadedModel` capabilities it has.
public enum ModelLoader {
    /// What an architecture is asked to load.
    public struct ModelFiles: Sendable {
        /// The id the model is known by (its Hub id, or the folder path).
        public var id: String
        /// The model folder.
        public var directory: URL
        /// The GGUF file the hub chose, when the folder holds several (nil: the folder's own choice).
        public var gguf: URL?
        /// Computes the loaded model's weights digest on first use.
        public var fingerprint: WeightsFingerprint?

        /// The files of one model.
        public init(id: String, directory: URL, gguf: URL? = nil, fingerprint: WeightsFingerprint? = nil) {
            self.id = id
            self.directory = directory
            self.gguf = gguf
            self.fingerprint = fingerprint
        }
    }

    /// One architecture the loader knows.
    public struct Architecture: Sendable {
        /// A short name for messages (`"llama"`).
        public var name: String
        /// Whether the folder holds a model of this architecture (looks at files only; cheap).
        public var accepts: @Sendable (URL) -> Bool
        /// Loads it, filling the capabilities the architecture has.
        public var load: @Sendable (ModelFiles) throws -> LoadedModel

        /// An architecture description.
        public init(name: String, accepts: @escaping @Sendable (URL) -> Bool, load: @escaping @Sendable (ModelFiles) throws -> LoadedModel) {
            self.name = name
            self.accepts = accepts
            self.load = load
        }
    }

    /// The `model_type` of `directory/config.json`, or nil.
    public static func modelType(in directory: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("config.json").path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        return object["model_type"] as? String
    }

    /// The architectures, tried in order: Llama from GGUF (or a Hugging Face checkpoint), BERT, RoBERTa, DistilBERT and GPT-2 from safetensors (the encoders also from pytorch_model.bin).
    public static let architectures: [Architecture] = [
        Architecture(name: "llama", accepts: { LlamaModel.accepts(directory: $0) }, load: loadLlama),
        encoderArchitecture(.bert),
        encoderArchitecture(.roberta),
        encoderArchitecture(.distilbert),
        Architecture(name: "gpt2", accepts: { modelType(in: $0) == "gpt2" }) { files in
            let model = try GPT2Model(directory: files.directory)
            return LoadedModel(id: files.id, directory: files.directory, architecture: "gpt2", tokenizer: model.tokenizer,
                               weightsFile: WeightsFingerprint.weightsFile(in: files.directory, gguf: nil), numericPath: "float32",
                               causal: model, fingerprint: files.fingerprint)
        },
    ]

    /// A BERT-family encoder (`model_type` bert, roberta or distilbert): a masked-LM, text encoder
    /// and, when the checkpoint has a classification head, a sequence classifier.
    private static func encoderArchitecture(_ family: EncoderFamily) -> Architecture {
        Architecture(name: family.rawValue, accepts: { modelType(in: $0) == family.rawValue }) { files in
            let (encoder, classifier, tokenClassifier) = try EncoderCheckpoint.load(directory: files.directory, family: family)
            return LoadedModel(id: files.id, directory: files.directory, architecture: family.rawValue, tokenizer: encoder.tokenizer,
                               weightsFile: WeightsFingerprint.weightsFile(in: files.directory, gguf: nil), numericPath: "float32",
                               masked: encoder, encoder: encoder,
                               classifier: classifier, tokenClassifier: tokenClassifier, fingerprint: files.fingerprint)
        }
    }

    /// Llama from the GGUF file the hub chose (else the folder's), with the environment's compute
    /// path, or from a Hugging Face checkpoint in float32.
    private static func loadLlama(_ files: ModelFiles) throws -> LoadedModel {
        let model: LlamaModel
        let weightsFile: URL?
        let numericPath: String
        if let gguf = files.gguf ?? LlamaModel.ggufFile(in: files.directory) {
            model = try LlamaModel(ggufPath: gguf.path, computePath: LlamaModel.computePath())
            weightsFile = gguf
            numericPath = "gguf \(model.computePath.rawValue)"
        } else {
            model = try LlamaModel(directory: files.directory)
            weightsFile = WeightsFingerprint.weightsFile(in: files.directory, gguf: nil)
            numericPath = "float32"
        }
        return LoadedModel(id: files.id, directory: files.directory, architecture: "llama", tokenizer: model.tokenizer,
                           weightsFile: weightsFile, numericPath: numericPath, causal: model, fingerprint: files.fingerprint)
    }

    /// Loads the model of `files`.
    /// - Throws: `ModelError` when no architecture accepts the folder, or the loader's own error.
    public static func load(_ files: ModelFiles) throws -> LoadedModel {
        let directory = files.directory
        if let architecture = architectures.first(where: { $0.accepts(directory) }) {
            return try architecture.load(files)
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

    /// Loads the model in `directory`, known by its path (what tests and benchmarks use).
    /// - Throws: as `load(_:)`.
    public static func load(directory: URL) throws -> LoadedModel {
        try load(ModelFiles(id: directory.path, directory: directory))
    }
}
