import Foundation

/// Reads a BERT, RoBERTa or DistilBERT folder (config, tokenizer, `model.safetensors` or
/// `pytorch_model.bin`) into one `BERTModel` and, when the checkpoint has one, its
/// sequence-classification head.
///
/// Every family's weights are renamed to `BERTModel`'s canonical names (`embeddings.*`,
/// `encoder.layer.N.*`) and the head's to `head.dense.*` / `head.output.*`, so one forward pass
/// serves all three.
public enum EncoderCheckpoint {
    /// The encoder and, when the checkpoint has one, its sequence- or token-classification head
    /// (`config.json`'s `architectures` says which: `*ForTokenClassification` is per token).
    /// - Throws: `ModelError`, `SafeTensorsError`, `PyTorchCheckpointError` or `TokenizerError`
    ///   naming the file and the problem.
    public static func load(directory: URL, family: EncoderFamily)
        throws -> (encoder: BERTModel, classifier: EncoderClassifier?, tokenClassifier: EncoderTokenClassifier?) {
        let config = try ConfigFile(contentsOf: directory.appendingPathComponent("config.json"))
        let configuration = try self.configuration(config, family: family)
        var weights = try WeightSet(checkpointIn: directory) { canonicalName($0, family: family) }
        if family == .distilbert {
            // DistilBERT has no token types; a zero table makes BERT's sum the same.
            var tensors = weights.tensors
            tensors["embeddings.token_type_embeddings.weight"] = Tensor(zeros: [1, configuration.hiddenSize])
            weights = WeightSet(tensors: tensors, file: weights.file)
        }
        let tokenizer = try TokenizerLoader.load(directory: directory)
        let encoder = try BERTModel(configuration: configuration, weights: weights, tokenizer: tokenizer,
                                    pooling: Pooling(directory: directory), source: directory.path)
        guard weights.contains("head.output.weight") else { return (encoder, nil, nil) }
        let architectures = config.fields["architectures"] as? [String] ?? []
        if architectures.contains(where: { $0.hasSuffix("ForTokenClassification") }) {
            return (encoder, nil, try EncoderTokenClassifier(encoder: encoder, weights: weights, labels: LabelConfiguration(config)))
        }
        let classifier = try EncoderClassifier(encoder: encoder, family: family, weights: weights, labels: LabelConfiguration(config))
        return (encoder, classifier, nil)
    }

    /// The encoder hyper-parameters of a family's `config.json`.
    /// - Throws: `ModelError` naming the missing or invalid field.
    public static func configuration(_ config: ConfigFile, family: EncoderFamily) throws -> BERTModel.Configuration {
        switch family {
        case .bert:
            return try BERTModel.Configuration(config)
        case .roberta:
            var configuration = try BERTModel.Configuration(config)
            configuration.positionOffset = try config.integer("pad_token_id", default: 1) + 1
            guard configuration.maximumSequenceLength > 0 else {
                throw ModelError(file: config.path, problem: "max_position_embeddings must exceed pad_token_id + 1 (RoBERTa counts positions after the padding id)")
            }
            return configuration
        case .distilbert:
            let activationName = try config.string("activation", default: "gelu")
            guard let activation = Activation(huggingFaceName: activationName) else {
                throw ModelError(file: config.path, problem: "activation \"\(activationName)\" is not supported (gelu, relu are)")
            }
            let configuration = BERTModel.Configuration(
                vocabularySize: try config.integer("vocab_size"), hiddenSize: try config.integer("dim"),
                layerCount: try config.integer("n_layers"), headCount: try config.integer("n_heads"),
                intermediateSize: try config.integer("hidden_dim"),
                maximumPositions: try config.integer("max_position_embeddings"), typeCount: 1,
                layerNormEpsilon: 1e-12, activation: activation)
            guard configuration.hiddenSize > 0, configuration.headCount > 0, configuration.hiddenSize % configuration.headCount == 0,
                  configuration.layerCount >= 0, configuration.vocabularySize > 0, configuration.intermediateSize > 0,
                  configuration.maximumPositions > 0 else {
                throw ModelError(file: config.path, problem: "sizes must be positive and dim a multiple of n_heads")
            }
            return configuration
        }
    }

    /// The canonical name of a stored tensor name of `family`.
    public static func canonicalName(_ stored: String, family: EncoderFamily) -> String {
        switch family {
        case .bert:
            if stored.hasPrefix("bert.pooler.dense.") { return "head.dense." + stored.dropFirst("bert.pooler.dense.".count) }
            if stored.hasPrefix("classifier.") { return "head.output." + stored.dropFirst("classifier.".count) }
            return BERTModel.canonicalName(stored)
        case .roberta:
            if stored.hasPrefix("classifier.dense.") { return "head.dense." + stored.dropFirst("classifier.dense.".count) }
            if stored.hasPrefix("classifier.out_proj.") { return "head.output." + stored.dropFirst("classifier.out_proj.".count) }
            // RobertaForTokenClassification's head is one linear layer named `classifier`.
            if stored.hasPrefix("classifier.") { return "head.output." + stored.dropFirst("classifier.".count) }
            var name = stored
            if name.hasPrefix("roberta.") { name.removeFirst("roberta.".count) }
            return BERTModel.canonicalName(name)
        case .distilbert:
            if stored.hasPrefix("pre_classifier.") { return "head.dense." + stored.dropFirst("pre_classifier.".count) }
            if stored.hasPrefix("classifier.") { return "head.output." + stored.dropFirst("classifier.".count) }
            var name = stored
            if name.hasPrefix("distilbert.") { name.removeFirst("distilbert.".count) }
            guard name.hasPrefix("transformer.layer.") else { return name }
            name = "encoder.layer." + name.dropFirst("transformer.layer.".count)
            for (old, new) in distilBERTLayerNames { name = name.replacingOccurrences(of: old, with: new) }
            return name
        }
    }

    /// DistilBERT's layer parts and BERT's names for them.
    private static let distilBERTLayerNames: [(String, String)] = [
        (".attention.q_lin.", ".attention.self.query."), (".attention.k_lin.", ".attention.self.key."),
        (".attention.v_lin.", ".attention.self.value."), (".attention.out_lin.", ".attention.output.dense."),
        (".sa_layer_norm.", ".attention.output.LayerNorm."), (".ffn.lin1.", ".intermediate.dense."),
        (".ffn.lin2.", ".output.dense."), (".output_layer_norm.", ".output.LayerNorm."),
    ]

    /// The stored name of a canonical head tensor, for messages.
    static func storedHeadName(_ canonical: String, family: EncoderFamily) -> String {
        switch family {
        case .bert: return canonical == "head.output.weight" ? "classifier.weight" : "bert.pooler.dense.weight"
        case .roberta: return canonical == "head.output.weight" ? "classifier.out_proj.weight" : "classifier.dense.weight"
        case .distilbert: return canonical == "head.output.weight" ? "classifier.weight" : "pre_classifier.weight"
        }
    }
}

extension WeightSet {
    /// The tensors of the checkpoint in `directory`: its `.safetensors` file when it has one
    /// (see `init(directory:canonicalName:)`), else `pytorch_model.bin`, read without running any
    /// of its pickled code (see `PyTorchCheckpoint`).
    /// - Throws: `ModelError` when there is neither; the reader's error for a malformed file.
    public init(checkpointIn directory: URL, canonicalName: (String) -> String = { $0 }) throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if files.contains(where: { $0.hasSuffix(".safetensors") }) {
            try self.init(directory: directory, canonicalName: canonicalName)
            return
        }
        let bin = directory.appendingPathComponent("pytorch_model.bin")
        guard FileManager.default.fileExists(atPath: bin.path) else {
            throw ModelError(file: directory.path, problem: "no weights: expected model.safetensors or pytorch_model.bin")
        }
        let checkpoint = try PyTorchCheckpoint(contentsOf: bin)
        var renamed: [String: Tensor] = [:]
        for (name, tensor) in checkpoint.tensors { renamed[canonicalName(name)] = tensor }
        self.init(tensors: renamed, file: bin.path)
    }
}
