import Foundation

/// A model that gives one score per label for a whole text: what `TextClassificationPipeline` runs on.
public protocol SequenceClassificationModel: AnyObject, Sendable {
    /// The tokenizer that goes with the weights.
    var tokenizer: any Tokenizer { get }
    /// The label of each output, in output order (`id2label`).
    var labels: [String] { get }
    /// Whether the labels exclude one another (softmax) or not (sigmoid), from `problem_type`.
    var problemType: ClassificationProblem { get }
    /// The most tokens one sequence may have, special tokens included.
    var maximumSequenceLength: Int { get }
    /// The raw scores `[batch.count, labels.count]` of each sequence (ids with special tokens).
    /// `tokenTypes[b]` (segment ids of a text pair) default to zeros.
    /// - Throws: `ModelError` for an empty or too long sequence or an id outside the vocabulary.
    func logits(for batch: [[Int]], tokenTypes: [[Int]]?) throws -> Tensor
    /// The ids and segment ids of a text pair with the model's special tokens (BERT:
    /// `[CLS] a [SEP] b [SEP]` with types 0…0 1…1; RoBERTa: `<s> a </s></s> b </s>`, types all 0),
    /// the first text cut so that the pair fits (`only_first` truncation).
    func encodePair(_ first: String, _ second: String) -> (ids: [Int], tokenTypes: [Int])
}

/// `config.json`'s `problem_type`: how the logits of a classifier become scores.
public enum ClassificationProblem: String, Sendable, Equatable {
    /// One label per text (`single_label_classification`): softmax over the labels.
    case singleLabel = "single_label_classification"
    /// Any number of labels per text (`multi_label_classification`): a sigmoid per label.
    case multiLabel = "multi_label_classification"
    /// One real number (`regression`): the raw logit.
    case regression = "regression"
}

/// The BERT-family encoders that carry a classification head, and how each names its weights.
public enum EncoderFamily: String, Sendable, CaseIterable {
    /// `BertForSequenceClassification`: pooler (dense + tanh on `[CLS]`) then `classifier`.
    case bert
    /// `RobertaForSequenceClassification`: `classifier.dense` + tanh on `<s>`, then `classifier.out_proj`.
    case roberta
    /// `DistilBertForSequenceClassification`: `pre_classifier` + ReLU on `[CLS]`, then `classifier`.
    case distilbert
}

/// A BERT, RoBERTa or DistilBERT encoder with a sequence-classification head, computed in float32
/// as transformers' `*ForSequenceClassification` models compute it: the encoder's state of the first
/// token → dense → tanh (ReLU for DistilBERT) → output projection, one logit per label.
///
/// The three encoders share one implementation (`BERTModel`): RoBERTa differs by its position ids
/// (counted from `pad_token_id + 1`) and DistilBERT by its weight names and absent token types.
public final class EncoderClassifier: SequenceClassificationModel {
    /// The classification head: `output(activation(dense(first token)))`.
    struct Head: Sendable {
        let dense: Linear
        let denseActivation: HeadActivation
        let output: Linear
    }

    /// The non-linearity between the head's two products.
    enum HeadActivation: Sendable {
        case tanh
        case relu
    }

    /// The encoder under the head.
    public let encoder: BERTModel
    /// The family it was loaded as.
    public let family: EncoderFamily
    /// The label of each output (`id2label`, else `LABEL_0`, …).
    public let labels: [String]
    /// From `problem_type`, else single-label (regression for one output).
    public let problemType: ClassificationProblem
    let head: Head

    /// The encoder's tokenizer.
    public var tokenizer: any Tokenizer { encoder.tokenizer }
    /// The encoder's limit, special tokens included.
    public var maximumSequenceLength: Int { encoder.maximumSequenceLength }

    /// A classifier over `encoder` whose head is read from `weights` (canonical names
    /// `head.dense.*` and `head.output.*`, see `EncoderCheckpoint`).
    /// - Throws: `ModelError` naming the config when `labels` does not match the head's rows, or a
    ///   missing or misshapen head tensor.
    init(encoder: BERTModel, family: EncoderFamily, weights: WeightSet, labels: LabelConfiguration) throws {
        let h = encoder.hiddenSize
        guard let rows = weights.tensors["head.output.weight"]?.shape.first else {
            throw ModelError(file: weights.file, problem: "tensor '\(EncoderCheckpoint.storedHeadName("head.output.weight", family: family))' is missing; this checkpoint has no sequence-classification head")
        }
        if let declared = labels.names, declared.count != rows {
            throw ModelError(file: labels.file, problem: "id2label names \(declared.count) labels (\(declared.joined(separator: ", "))) but the classifier head has \(rows) outputs; make id2label (and num_labels) list exactly \(rows) labels, ids 0 to \(rows - 1)")
        }
        self.encoder = encoder
        self.family = family
        self.labels = labels.names ?? (0..<rows).map { "LABEL_\($0)" }
        problemType = labels.problemType ?? (rows == 1 ? .regression : .singleLabel)
        head = Head(dense: try weights.linear("head.dense", inputs: h, outputs: h),
                    denseActivation: family == .distilbert ? .relu : .tanh,
                    output: try weights.linear("head.output", inputs: h, outputs: rows))
    }

    /// The pair encoding of `first` and `second` (see `SequenceClassificationModel`).
    public func encodePair(_ first: String, _ second: String) -> (ids: [Int], tokenTypes: [Int]) {
        let a = tokenizer.encode(first), b = tokenizer.encode(second)
        // Each encoding is `prefix body suffix`; the pair shares the first one's prefix.
        let aPrefix = a.specialTokensMask.prefix(while: { $0 }).count
        let aSuffix = min(a.specialTokensMask.reversed().prefix(while: { $0 }).count, a.count - aPrefix)
        let bPrefix = b.specialTokensMask.prefix(while: { $0 }).count
        var second = Array(b.ids.dropFirst(bPrefix))
        if family == .roberta { second = Array(a.ids.suffix(aSuffix)) + second }  // `</s></s>` between the texts
        let room = max(0, maximumSequenceLength - aPrefix - aSuffix - second.count)
        let firstBody = Array(a.ids[aPrefix ..< a.count - aSuffix].prefix(room))
        let firstPart = Array(a.ids.prefix(aPrefix)) + firstBody + Array(a.ids.suffix(aSuffix))
        let secondType = family == .bert ? 1 : 0
        return (firstPart + second, [Int](repeating: 0, count: firstPart.count) + [Int](repeating: secondType, count: second.count))
    }

    /// A classifier from weights under canonical names (`BERTModel`'s, plus `head.dense.*` and
    /// `head.output.*`), e.g. random weights for a benchmark.
    /// - Throws: `ModelError` naming a missing or misshapen tensor, or labels that do not match the head.
    public convenience init(configuration: BERTModel.Configuration, family: EncoderFamily, weights: WeightSet,
                            tokenizer: any Tokenizer, labels: LabelConfiguration, source: String) throws {
        let encoder = try BERTModel(configuration: configuration, weights: weights, tokenizer: tokenizer, source: source)
        try self.init(encoder: encoder, family: family, weights: weights, labels: labels)
    }

    /// The logits `[batch.count, labels.count]` (see `SequenceClassificationModel`).
    public func logits(for batch: [[Int]], tokenTypes: [[Int]]? = nil) throws -> Tensor {
        let h = encoder.hiddenSize, n = labels.count
        guard !batch.isEmpty else { return Tensor(zeros: [0, n]) }
        let hidden = try encoder.packedHiddenStates(for: batch, tokenTypes: tokenTypes)
        // The head reads only each sequence's first token (`[CLS]` or `<s>`).
        var first = [Float](repeating: 0, count: batch.count * h)
        var start = 0
        hidden.withUnsafeBufferPointer { states in
            for (sequence, ids) in batch.enumerated() {
                for i in 0..<h { first[sequence * h + i] = states[start * h + i] }
                start += ids.count
            }
        }
        var pooled = [Float](repeating: 0, count: batch.count * h)
        head.dense.apply(first, rows: batch.count, into: &pooled,
                         activation: head.denseActivation == .relu ? .relu : .identity)
        if head.denseActivation == .tanh {
            for index in pooled.indices { pooled[index] = tanhf(pooled[index]) }
        }
        var logits = [Float](repeating: 0, count: batch.count * n)
        head.output.apply(pooled, rows: batch.count, into: &logits)
        return Tensor(shape: [batch.count, n], scalars: logits)
    }
}

/// The label part of a classifier's `config.json`: `id2label`, `num_labels`, `problem_type`.
public struct LabelConfiguration: Sendable, Equatable {
    /// The config file (for errors).
    public var file: String
    /// The labels by id, or nil when the config names none (transformers then says `LABEL_0`, …).
    public var names: [String]?
    /// The declared problem type, or nil (then inferred from the number of labels).
    public var problemType: ClassificationProblem?

    /// Labels given directly, reported as `file`.
    public init(file: String, names: [String]?, problemType: ClassificationProblem?) {
        self.file = file
        self.names = names
        self.problemType = problemType
    }

    /// Reads `id2label` (ids must be 0…n-1, each once), `num_labels` and `problem_type`.
    /// - Throws: `ModelError` naming the config and the field that is malformed.
    public init(_ config: ConfigFile) throws {
        file = config.path
        if let raw = config.fields["problem_type"], !(raw is NSNull) {
            guard let text = raw as? String, let kind = ClassificationProblem(rawValue: text) else {
                throw ModelError(file: config.path, problem: "problem_type \(raw) is not one of single_label_classification, multi_label_classification, regression")
            }
            problemType = kind
        }
        if let raw = config.fields["id2label"], !(raw is NSNull) {
            guard let object = raw as? [String: Any] else {
                throw ModelError(file: config.path, problem: "id2label must be an object of \"id\": \"label\" pairs")
            }
            var byID: [Int: String] = [:]
            for (key, value) in object {
                guard let id = Int(key), id >= 0, let label = value as? String else {
                    throw ModelError(file: config.path, problem: "id2label entry \"\(key)\": \(value) is not a non-negative integer id with a string label")
                }
                byID[id] = label
            }
            guard byID.keys.sorted() == Array(0..<byID.count) else {
                throw ModelError(file: config.path, problem: "id2label ids \(byID.keys.sorted()) must be 0 to \(byID.count - 1) with none missing")
            }
            names = (0..<byID.count).map { byID[$0]! }
        }
        if let count = try? config.integer("num_labels"), let names, count != names.count {
            throw ModelError(file: config.path, problem: "num_labels is \(count) but id2label names \(names.count) labels; make them agree")
        }
    }
}
