import Foundation

/// One model loaded from its folder, with everything recorded when it was loaded: where it came
/// from, which weights, its tokenizer and numeric path, and the typed engines it provides.
///
/// An architecture fills the capabilities it has: BERT is a masked language model and a text
/// encoder, GPT-2 and Llama are causal language models. Ask for one with the throwing accessors,
/// whose errors say what kind of model would do.
public final class LoadedModel: Sendable {
    /// The model id it was resolved as (the Hub's id), or its folder path.
    public let id: String
    /// The folder holding config, tokenizer and weights.
    public let directory: URL
    /// The architecture that loaded it (`"llama"`, `"bert"`, `"gpt2"`).
    public let architecture: String
    /// The tokenizer that goes with the weights.
    public let tokenizer: any Tokenizer
    /// The file the weights were read from (a `.gguf`, `model.safetensors`, or a shard index).
    public let weightsFile: URL?
    /// How the numbers are computed: `float32`, or `gguf fast` / `gguf float32Reference` for GGUF weights.
    public let numericPath: String
    /// The masked-LM engine, when the model has one.
    public let masked: (any MaskedLanguageModel)?
    /// The causal-LM engine, when the model has one.
    public let causal: (any CausalLanguageModel)?
    /// The text encoder, when the model has one.
    public let encoder: (any TextEncoder)?
    /// The sequence classifier, when the checkpoint has a classification head.
    public let classifier: (any SequenceClassificationModel)?
    /// The token classifier (named entities, parts of speech), when the checkpoint has that head.
    public let tokenClassifier: EncoderTokenClassifier?
    private let digest: WeightsDigest

    /// A loaded model. `fingerprint` computes `weightsDigest` on first use (nil: no digest).
    public init(id: String, directory: URL, architecture: String, tokenizer: any Tokenizer, weightsFile: URL?,
                numericPath: String, masked: (any MaskedLanguageModel)? = nil, causal: (any CausalLanguageModel)? = nil,
                encoder: (any TextEncoder)? = nil, classifier: (any SequenceClassificationModel)? = nil,
                tokenClassifier: EncoderTokenClassifier? = nil, fingerprint: WeightsFingerprint? = nil) {
        self.id = id
        self.directory = directory
        self.architecture = architecture
        self.tokenizer = tokenizer
        self.weightsFile = weightsFile
        self.numericPath = numericPath
        self.masked = masked
        self.causal = causal
        self.encoder = encoder
        self.classifier = classifier
        self.tokenClassifier = tokenClassifier
        digest = WeightsDigest(file: weightsFile, fingerprint: fingerprint)
    }

    /// The tokenizer's kind (`WordPiece`, `byte-level BPE`).
    public var tokenizerKind: String { tokenizer.kind }

    /// The hex SHA-256 of `weightsFile`, computed (or read from the digest cache) on first use;
    /// nil when the model has no weight file or it cannot be read.
    public var weightsDigest: String? { digest.value }

    /// The tasks the model can run.
    public var tasks: [ModelTask] {
        var tasks: [ModelTask] = []
        if masked != nil || causal != nil { tasks += [.fillMask] }
        if causal != nil { tasks += [.textGeneration] }
        if encoder != nil { tasks += [.featureExtraction] }
        if masked != nil || causal != nil { tasks += [.sentenceScoring] }
        if let classifier {
            tasks += [.textClassification]
            if classifier.labels.contains(where: { $0.lowercased().hasPrefix("entail") }) { tasks += [.zeroShotClassification] }
        }
        if tokenClassifier != nil { tasks += [.tokenClassification] }
        return tasks
    }

    /// The masked-LM engine.
    /// - Throws: `ModelError` when the model is of another kind.
    public func maskedLanguageModel() throws -> any MaskedLanguageModel {
        guard let masked else {
            throw ModelError(file: directory.path, problem: "this model cannot fill masks (it is not a masked language model such as BERT)")
        }
        return masked
    }

    /// The causal-LM engine.
    /// - Throws: `ModelError` when the model is of another kind.
    public func causalLanguageModel() throws -> any CausalLanguageModel {
        guard let causal else {
            throw ModelError(file: directory.path, problem: "this model cannot generate text (it is not a causal language model such as GPT-2 or Llama)")
        }
        return causal
    }

    /// The sequence classifier.
    /// - Throws: `ModelError` when the checkpoint has no classification head.
    public func sequenceClassifier() throws -> any SequenceClassificationModel {
        guard let classifier else {
            throw ModelError(file: directory.path, problem: "this model has no sequence-classification head (it is not a *ForSequenceClassification checkpoint); use a classifier such as facebook/roberta-hate-speech-dynabench-r4-target")
        }
        return classifier
    }

    /// The text encoder.
    /// - Throws: `ModelError` when the model is of another kind.
    public func textEncoder() throws -> any TextEncoder {
        guard let encoder else {
            throw ModelError(file: directory.path, problem: "this model does not produce embeddings (it is not an encoder such as BERT)")
        }
        return encoder
    }
}

/// A weight file's digest, computed once on first use (hashing 100 MB is not free, and most runs
/// ask for it only when they record their provenance).
private final class WeightsDigest: @unchecked Sendable {
    private let file: URL?
    private let fingerprint: WeightsFingerprint?
    private let lock = NSLock()
    private var computed: String??

    init(file: URL?, fingerprint: WeightsFingerprint?) {
        self.file = file
        self.fingerprint = fingerprint
    }

    var value: String? {
        lock.withLock {
            if let computed { return computed }
            let digest = file.flatMap { fingerprint?.digest(of: $0) }
            computed = .some(digest)
            return digest
        }
    }
}
