import Foundation

/// One label's score for one text, named as transformers' text-classification pipeline names it.
public struct ClassificationScore: Sendable, Equatable {
    /// The label (`id2label`).
    public var label: String
    /// The score after `ClassificationFunction`.
    public var score: Double

    /// A score.
    public init(label: String, score: Double) {
        self.label = label
        self.score = score
    }
}

/// How logits become scores (transformers' `function_to_apply`).
public enum ClassificationFunction: String, Sendable, CaseIterable {
    /// Softmax over the labels: scores sum to 1.
    case softmax
    /// A sigmoid per label: independent scores.
    case sigmoid
    /// The raw logits.
    case none

    /// What transformers applies by default: sigmoid for multi-label or single-output models, softmax otherwise.
    public static func `default`(for model: any SequenceClassificationModel) -> ClassificationFunction {
        model.problemType == .multiLabel || model.labels.count == 1 ? .sigmoid : .softmax
    }

    /// The scores of one row of logits, in label order; computed in float32 as transformers'
    /// post-processing computes them (NumPy on float32 logits).
    public func scores(_ logits: [Float]) -> [Double] {
        switch self {
        case .none:
            return logits.map(Double.init)
        case .sigmoid:
            return logits.map { Double(1 / (1 + expf(-$0))) }
        case .softmax:
            let largest = logits.max() ?? 0
            let exponentials = logits.map { expf($0 - largest) }
            let total = exponentials.reduce(0, +)
            return exponentials.map { Double($0 / total) }
        }
    }
}

/// transformers' `pipeline("text-classification")`: labels with scores for each text, from a
/// BERT, RoBERTa or DistilBERT sequence classifier.
///
/// `classify` returns, per text, the `topK` best labels sorted by score (all labels when `topK` is
/// nil); equal scores keep label order, as Python's stable sort does. The shapes transformers gives
/// a caller (a dict per text by default, a list per text once `top_k` is passed) are the caller's to
/// build from these lists.
public struct TextClassificationPipeline: Sendable {
    /// The model it runs on.
    public let model: any SequenceClassificationModel

    /// A pipeline over `model`.
    public init(model: any SequenceClassificationModel) {
        self.model = model
    }

    /// The ranked labels of each text.
    /// - Parameters:
    ///   - topK: how many labels per text, best first; nil: every label.
    ///   - function: softmax, sigmoid or none; nil: the model's default (`ClassificationFunction.default`).
    ///   - truncation: cut texts longer than the model accepts (keeping their special tokens) instead
    ///     of refusing them.
    ///   - batchSize: texts per forward pass.
    /// - Throws: `PipelineError` for an empty text, a too long text without truncation, or `topK < 1`;
    ///   `ModelError` from the model.
    public func classify(_ texts: [String], topK: Int? = 1, function: ClassificationFunction? = nil,
                         truncation: Bool = false, batchSize: Int = 32) throws -> [[ClassificationScore]] {
        if let topK, topK < 1 { throw PipelineError(pipeline: "text-classification", problem: "top_k must be at least 1, or None for every label (got \(topK))") }
        let function = function ?? .default(for: model)
        let logits = try self.logits(texts, truncation: truncation, batchSize: max(1, batchSize))
        return logits.map { row in
            let scores = function.scores(row)
            let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            return order.prefix(topK ?? order.count).map { ClassificationScore(label: model.labels[$0], score: scores[$0]) }
        }
    }

    /// The raw logits of each text, `labels.count` each (label order).
    /// - Throws: as `classify`.
    public func logits(_ texts: [String], truncation: Bool = false, batchSize: Int = 32) throws -> [[Float]] {
        let batch = try encode(texts, truncation: truncation)
        var rows: [[Float]] = []
        var start = 0
        while start < batch.count {
            let chunk = Array(batch[start ..< min(batch.count, start + batchSize)])
            let logits = try model.logits(for: chunk, tokenTypes: nil)
            rows += (0..<chunk.count).map { logits.row($0) }
            start += chunk.count
        }
        return rows
    }

    /// The ids of each text with the model's special tokens, truncated when asked.
    /// - Throws: `PipelineError` for an empty text or one too long without truncation.
    public func encode(_ texts: [String], truncation: Bool) throws -> [[Int]] {
        let limit = model.maximumSequenceLength
        return try texts.enumerated().map { index, text in
            guard !text.isEmpty else {
                throw PipelineError(pipeline: "text-classification", problem: "text \(index) is empty; give each text at least one character (filter out empty generations first)")
            }
            let encoding = model.tokenizer.encode(text)
            guard encoding.count > limit else { return encoding.ids }
            guard truncation else {
                throw PipelineError(pipeline: "text-classification", problem: "text \(index) has \(encoding.count) tokens, more than the \(limit) the model accepts; pass truncation=True to keep the first \(limit)")
            }
            return Self.truncated(encoding, to: limit)
        }
    }

    /// The first tokens of `encoding` that fit in `limit`, keeping its leading and trailing special
    /// tokens (as transformers' `truncation=True` keeps `[CLS]` and `[SEP]`).
    static func truncated(_ encoding: Encoding, to limit: Int) -> [Int] {
        let mask = encoding.specialTokensMask
        let leading = mask.prefix(while: { $0 }).count
        let trailing = min(mask.reversed().prefix(while: { $0 }).count, encoding.count - leading)
        let body = max(0, limit - leading - trailing)
        return Array(encoding.ids.prefix(leading)) + Array(encoding.ids[leading...].prefix(body))
            + Array(encoding.ids.suffix(trailing))
    }
}
